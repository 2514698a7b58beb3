import { meetingResultSchema, type Segment } from '../../contract/meeting-result.js';

/** What a summarizer needs of a meeting: its language and its segments. */
export interface TranscriptForSummary {
  language: string;
  segments: Segment[];
}

/** Speaking rate used to give timeless turns plausible times (AMI averages about 2.5 words a second). */
const wordsPerSecond = 2.5;

/**
 * AMI's transcription marks ({vocalsound}, {disfmarker}, {gap}, {pause}…) describe the recording,
 * not what was said; speech recognition never writes them, so they are removed before summarising.
 */
export function stripTranscriptionMarks(text: string): string {
  return text
    .replace(/\{[a-z_]+\}/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Turns of the summaries set (`[{speaker, text}]`, no times) as segments of one turn each, timed at
 * an even speaking rate so that window planning by time still works.
 */
export function segmentsFromTurns(turns: readonly { speaker: string; text: string }[]): Segment[] {
  const segments: Segment[] = [];
  let clock = 0;
  for (const turn of turns) {
    const text = stripTranscriptionMarks(turn.text);
    if (text === '') continue;
    const seconds = Math.max(0.5, text.split(' ').length / wordsPerSecond);
    segments.push({ start: clock, end: clock + seconds, text, speaker: turn.speaker, speakerId: null, words: [] });
    clock += seconds;
  }
  return segments;
}

/** The input was neither a `process --out` result nor a line of the summaries set. */
export class SummaryInputError extends Error {}

function isTurns(value: unknown): value is { speaker: string; text: string }[] {
  return (
    Array.isArray(value) &&
    value.every(
      (turn) =>
        typeof turn === 'object' &&
        turn !== null &&
        typeof (turn as { speaker?: unknown }).speaker === 'string' &&
        typeof (turn as { text?: unknown }).text === 'string',
    )
  );
}

/**
 * A transcript from the text of a file: a `pc-worker process --out` result JSON, or a JSON object
 * with `turns` (one line of the summaries set, `language` optional and English by default). A JSON
 * Lines file with several meetings needs `meeting` to pick one by its `meeting` field.
 */
export function parseTranscriptFile(text: string, meeting?: string): TranscriptForSummary {
  let candidates: unknown[];
  try {
    candidates = [JSON.parse(text) as unknown];
  } catch {
    try {
      candidates = text
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as unknown);
    } catch (error) {
      throw new SummaryInputError(`the file is neither JSON nor JSON Lines (${(error as Error).message})`);
    }
  }
  const chosen =
    meeting === undefined
      ? candidates
      : candidates.filter((entry) => (entry as { meeting?: unknown } | null)?.meeting === meeting);
  if (chosen.length === 0) throw new SummaryInputError(`no meeting named ${meeting ?? ''} in the file`);
  if (chosen.length > 1) {
    throw new SummaryInputError(`the file holds ${chosen.length} meetings; choose one with --meeting <id>`);
  }
  const entry = chosen[0] as Record<string, unknown>;
  if (isTurns(entry['turns'])) {
    const language = typeof entry['language'] === 'string' ? entry['language'] : 'en';
    return { language, segments: segmentsFromTurns(entry['turns']) };
  }
  const result = meetingResultSchema.safeParse(entry);
  if (!result.success) {
    throw new SummaryInputError(
      'expected a `pc-worker process --out` result (language, segments…) or an object with `turns` ([{speaker, text}])',
    );
  }
  return { language: result.data.language, segments: result.data.segments };
}
