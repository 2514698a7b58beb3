import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meetingResultSchema } from '../../electron/contract/meeting-result.js';
import { createLogger, type LogLine } from '../../electron/core/log/logger.js';
import { contentWordFilter } from '../../electron/core/summary/content-words.js';
import { citationSupport, minimumSupport } from '../../electron/core/summary/grounding.js';
import { completeChat, type ChatEndpoint } from '../../electron/core/summary/openai-chat-client.js';
import { summarizeMeeting, summaryBackendChain } from '../../electron/core/summary/summarize-meeting.js';
import { smolLm2Path, startLlamaChatServer, type LlamaChatServer } from '../support/llama-chat-server.js';
import { repoDir } from '../support/shared-data.js';

/*
 * The chat summary backend against a real model: SmolLM2-135M-Instruct (the one small instruct model
 * obtainable on the build machines; `bash tools/llm/fetch-smollm2.sh` fetches it, .ci/run does so)
 * behind a local OpenAI-compatible server run by llama.cpp (tests/support/llama-chat-server.ts). No
 * fake: the model really reads the prompt. Its answers are short (a max_tokens cap) to keep this quick
 * on two cores; a tiny transcript (the first 12 turns of a booking call) keeps the prompt small.
 */
const transcript = meetingResultSchema.parse(
  JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
);
const tiny = { ...transcript, segments: transcript.segments.slice(0, 12) };

let server: LlamaChatServer;
let endpoint: ChatEndpoint;

beforeAll(async () => {
  server = await startLlamaChatServer({ modelPath: smolLm2Path(), contextSize: 2048, defaultMaxTokens: 96 });
  endpoint = { baseUrl: server.baseUrl, model: server.modelId, timeoutMs: 120_000, stream: false };
});

afterAll(async () => {
  await server.close();
});

describe('the chat summary backend with a real small model (llama.cpp, SmolLM2-135M-Instruct)', () => {
  it('is reached through OpenAI’s contract: the model is listed, JSON mode holds, streamed and whole answers agree', async () => {
    const models = (await (await fetch(`${server.baseUrl}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((model) => model.id)).toEqual(['SmolLM2-135M-Instruct.Q4_1']);

    const messages = [{ role: 'user' as const, content: 'Describe a train ticket as JSON.' }];
    const signal = new AbortController().signal;
    const whole = await completeChat(endpoint, messages, signal);
    const streamed = await completeChat({ ...endpoint, stream: true }, messages, signal);
    // The client asks for JSON mode; the server holds the model to JSON with a grammar.
    expect(whole.trimStart().startsWith('{')).toBe(true);
    expect(streamed).toBe(whole);

    const unknown = await completeChat({ ...endpoint, model: 'no-such-model' }, messages, signal).catch(
      (error: unknown) => error as Error,
    );
    expect(String(unknown)).toContain('404');
  });

  it('summarises a meeting end to end: what the model cannot ground is never stored, and the summary falls back to the extractive one', async () => {
    const lines: LogLine[] = [];
    const log = createLogger({ level: 'debug', console: false, secrets: [], onLine: (line) => lines.push(line) });
    const chain = summaryBackendChain(
      { backend: 'openai-compatible', chat: endpoint, windowSec: 600, attempts: 1 },
      log,
    );
    const summary = await summarizeMeeting(tiny, chain, {
      signal: new AbortController().signal,
      log,
      onProgress: () => undefined,
    });

    // The model was asked (and answered: its reply was read and judged, not a connection error) ...
    const failure = lines.find((line) => line.message.includes('summary backend failed'));
    expect(failure?.fields).toContain('backend=openai-compatible:SmolLM2-135M-Instruct.Q4_1');
    expect(failure?.fields).toMatch(/reason=.*(malformed JSON|did not answer with JSON|without an overview)/);
    // ... but a 135M model loops inside the JSON until max_tokens, so nothing of it is stored.
    expect(summary?.backend).toBe('extractive');
    const filter = contentWordFilter(tiny.language);
    for (const item of summary?.items ?? []) {
      expect(citationSupport(item.text, item.segments, tiny.segments, filter)).toBeGreaterThanOrEqual(minimumSupport);
    }
  });
});
