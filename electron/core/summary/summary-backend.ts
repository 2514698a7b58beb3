import type { SummaryItem } from '../../contract/meeting-result.js';
import { WorkerError } from '../errors.js';

import type { IndexedSegment } from './transcript-sentences.js';

/** One time window of a meeting, as a backend sees it; segment indices are the meeting's own. */
export interface TranscriptWindow {
  language: string;
  segments: IndexedSegment[];
  /** 0-based position of this window and how many there are. */
  position: number;
  count: number;
}

/** What a backend makes of one window, before grounding. */
export interface SummaryDraft {
  overview: string;
  items: SummaryItem[];
}

/**
 * A way to write summaries. Long meetings are cut into windows; each window is summarised on its
 * own and the window overviews are then merged into one.
 */
export interface SummaryBackend {
  /** Recorded in the summary's `backend` field, e.g. `extractive` or `openai-compatible:llama3.2`. */
  name: string;
  /** The window length this backend reads at once, when it differs from the configured one. */
  windowSec?: number;
  summarizeWindow(window: TranscriptWindow, signal: AbortSignal): Promise<SummaryDraft>;
  /** One overview from the windows' overviews, in time order. */
  mergeOverviews(overviews: string[], language: string, signal: AbortSignal): Promise<string>;
}

/** A summary backend could not produce a usable summary; the meeting goes on with the next one. */
export class SummaryBackendError extends WorkerError {
  readonly code = 'summary-backend';
  constructor(
    message: string,
    readonly retryable: boolean,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
