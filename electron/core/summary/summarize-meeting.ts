import type { Segment, Summary } from '../../contract/meeting-result.js';
import type { Settings } from '../../contract/settings.js';
import { CancelledError } from '../errors.js';
import type { Logger } from '../log/logger.js';

import { createExtractiveBackend } from './extractive-summarizer.js';
import type { ChatEndpoint } from './openai-chat-client.js';
import { createOpenAiBackend } from './openai-summarizer.js';
import type { SummaryBackend } from './summary-backend.js';
import { summarizeInWindows } from './windowed-summary.js';

/** How this worker writes summaries, from its settings. */
export interface SummaryConfig {
  backend: Settings['summaryBackend'];
  /** The OpenAI-compatible endpoint, or null when none is configured. */
  chat: ChatEndpoint | null;
  /** Length of the windows a long meeting is summarised in (ten minutes fit a small model's context). */
  windowSec: number;
  /** Tries per chat request and the first retry delay. */
  attempts?: number;
  minRetryDelayMs?: number;
}

export const defaultWindowSec = 600;

export function summaryConfigFromSettings(settings: Settings): SummaryConfig {
  const chat =
    settings.summaryApiUrl !== undefined && settings.summaryApiModel !== undefined
      ? {
          baseUrl: settings.summaryApiUrl,
          model: settings.summaryApiModel,
          apiKey: settings.summaryApiKey,
          timeoutMs: settings.summaryTimeoutSeconds * 1000,
          stream: settings.summaryApiStream,
        }
      : null;
  return { backend: settings.summaryBackend, chat, windowSec: defaultWindowSec };
}

/**
 * The backends to try, in order: the configured one, then the extractive summarizer, which needs
 * nothing and so always ends the chain.
 */
export function summaryBackendChain(config: SummaryConfig, log: Logger): SummaryBackend[] {
  const chain: SummaryBackend[] = [];
  if (config.backend === 'openai-compatible' && config.chat === null) {
    log.warn('summary backend openai-compatible is chosen but SUMMARY_API_URL or SUMMARY_API_MODEL is not set');
  }
  if (config.backend !== 'extractive' && config.chat !== null) {
    chain.push(
      createOpenAiBackend({
        endpoint: config.chat,
        log,
        ...(config.attempts === undefined ? {} : { attempts: config.attempts }),
        ...(config.minRetryDelayMs === undefined ? {} : { minRetryDelayMs: config.minRetryDelayMs }),
      }),
    );
  }
  chain.push(createExtractiveBackend());
  return chain;
}

export interface SummarizeMeetingOptions {
  signal: AbortSignal;
  log: Logger;
  onProgress: (fraction: number) => void;
  /** Window length for long meetings; default ten minutes. */
  windowSec?: number;
}

/**
 * The summary of a transcript from the first backend in the chain that succeeds, naming it in
 * `backend`. Never throws for a backend's failure, only for cancellation: a meeting is not failed
 * for want of a summary. Null when there is nothing to summarise.
 */
export async function summarizeMeeting(
  transcript: { language: string; segments: readonly Segment[] },
  chain: readonly SummaryBackend[],
  options: SummarizeMeetingOptions,
): Promise<Summary | null> {
  if (!transcript.segments.some((segment) => segment.text.trim() !== '')) return null;
  for (const backend of chain) {
    try {
      const draft = await summarizeInWindows(transcript.segments, backend, {
        language: transcript.language,
        windowSec: backend.windowSec ?? options.windowSec ?? defaultWindowSec,
        signal: options.signal,
        onProgress: options.onProgress,
        onDropped: (window, dropped) =>
          options.log.info('dropped summary items that their citations do not support', {
            backend: backend.name,
            window,
            dropped,
          }),
      });
      return { overview: draft.overview, items: draft.items, backend: backend.name };
    } catch (error) {
      if (error instanceof CancelledError) throw error;
      if (options.signal.aborted) throw new CancelledError('Summarising was cancelled', { cause: error });
      options.log.warn('summary backend failed; trying the next one', {
        backend: backend.name,
        reason: error instanceof Error ? error.message : String(error),
      });
    }
  }
  options.log.error('no summary backend produced a summary');
  return null;
}
