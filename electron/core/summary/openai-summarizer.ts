import { z } from 'zod';

import { summaryItemSchema, type SummaryItem } from '../../contract/meeting-result.js';
import type { Logger } from '../log/logger.js';
import { withRetry } from '../retry.js';

import { mergeOverviewsExtractively } from './extractive-summarizer.js';
import { completeChat, type ChatEndpoint, type ChatMessage } from './openai-chat-client.js';
import {
  SummaryBackendError,
  type SummaryBackend,
  type SummaryDraft,
  type TranscriptWindow,
} from './summary-backend.js';

export interface OpenAiSummaryOptions {
  endpoint: ChatEndpoint;
  log: Logger;
  /** Tries per request (timeouts, 5xx, malformed answers); the seed's default 3. */
  attempts?: number;
  /** First retry delay; doubles each time. */
  minRetryDelayMs?: number;
}

const systemPrompt = [
  'You summarise meeting transcripts. Reply with one JSON object and nothing else, of this shape:',
  '{"overview": string, "items": [{"kind": "key_point" | "decision" | "action_item" | "question",',
  '"text": string, "segments": [integer], "owner": string | null, "due": string | null}]}.',
  'Write in the language of the transcript. Each transcript line starts with its segment id in brackets.',
  'Every item must cite, in "segments", the ids of the lines that state it, and only ids that appear.',
  'Keep each item close to the words spoken. "owner" and "due" only when the transcript says them, else null.',
  'Give at most 6 key points, and every decision, action item and open question.',
].join(' ');

const draftSchema = z.object({ overview: z.string(), items: z.array(z.unknown()).default([]) });
const modelItemSchema = summaryItemSchema.omit({ speakers: true }).extend({
  text: z.string().min(1),
  owner: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
  due: z
    .string()
    .nullish()
    .transform((value) => value ?? null),
});

function clock(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${String(Math.floor(seconds % 60)).padStart(2, '0')}`;
}

export function windowPrompt(window: TranscriptWindow): ChatMessage[] {
  const lines = window.segments.map(
    ({ index, segment }) =>
      `[${index}] ${segment.speaker ?? 'Speaker'} (${clock(segment.start)}): ${segment.text.trim()}`,
  );
  const part = window.count > 1 ? ` This is part ${window.position + 1} of ${window.count} of the meeting.` : '';
  return [
    { role: 'system', content: systemPrompt },
    { role: 'user', content: `Language: ${window.language}.${part}\nTranscript:\n${lines.join('\n')}` },
  ];
}

/** The JSON object in a model's answer, tolerating code fences or prose around it. */
function jsonObjectIn(answer: string): unknown {
  const start = answer.indexOf('{');
  const end = answer.lastIndexOf('}');
  if (start < 0 || end <= start) throw new SummaryBackendError('The summary model did not answer with JSON', true);
  try {
    return JSON.parse(answer.slice(start, end + 1));
  } catch {
    throw new SummaryBackendError('The summary model answered with malformed JSON', true);
  }
}

/** Validates the model's answer; a malformed item is skipped, a malformed answer is retried. */
export function parseDraft(answer: string): SummaryDraft {
  const draft = draftSchema.safeParse(jsonObjectIn(answer));
  if (!draft.success) throw new SummaryBackendError('The summary model answered JSON without an overview', true);
  const items: SummaryItem[] = [];
  for (const raw of draft.data.items) {
    const item = modelItemSchema.safeParse(raw);
    if (item.success) items.push({ ...item.data, speakers: [] });
  }
  return { overview: draft.data.overview.trim(), items };
}

/** A chat model behind any OpenAI-compatible API; answers are validated and citations checked later. */
export function createOpenAiBackend(options: OpenAiSummaryOptions): SummaryBackend {
  const { endpoint, log } = options;
  const ask = <T>(what: string, messages: ChatMessage[], parse: (answer: string) => T, signal: AbortSignal) =>
    withRetry(async () => parse(await completeChat(endpoint, messages, signal)), {
      what,
      log,
      attempts: options.attempts ?? 3,
      minDelayMs: options.minRetryDelayMs ?? 1000,
      signal,
    });
  return {
    name: `openai-compatible:${endpoint.model}`,
    summarizeWindow: (window, signal) =>
      ask(`summarise part ${window.position + 1} of the meeting`, windowPrompt(window), parseDraft, signal),
    async mergeOverviews(overviews, language, signal) {
      const messages: ChatMessage[] = [
        { role: 'system', content: 'Reply with one JSON object {"overview": string} and nothing else.' },
        {
          role: 'user',
          content: `These are overviews of consecutive parts of one meeting. Write one overview of the whole meeting, at most 5 sentences, in language "${language}".\n\n${overviews.map((text, index) => `Part ${index + 1}: ${text}`).join('\n')}`,
        },
      ];
      try {
        return await ask('merge the meeting overviews', messages, (answer) => parseDraft(answer).overview, signal);
      } catch (error) {
        if (signal.aborted) throw error;
        // The window items are already grounded and paid for; losing them over the merge would waste them.
        log.warn('merging overviews with the model failed; merging extractively', { reason: (error as Error).message });
        return mergeOverviewsExtractively(overviews, language);
      }
    },
  };
}
