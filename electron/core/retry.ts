import pRetry from 'p-retry';

import { RetriesExhaustedError, WorkerError } from './errors.js';
import type { Logger } from './log/logger.js';

export interface RetryOptions {
  /** What is being attempted, for logs and the final error ("claim a meeting"). */
  what: string;
  log: Logger;
  /** Total attempts, the seed's default 3. */
  attempts?: number;
  /** First delay; doubles each time, with jitter. */
  minDelayMs?: number;
  signal?: AbortSignal;
}

/**
 * A bug in our code (a TypeError reading a property of undefined, a ReferenceError…): another try runs the
 * same code and fails the same way, and retrying only hides it for seconds. Node's fetch reports a network
 * failure as a TypeError too ('fetch failed', the reason in `cause`): that one another try can fix.
 */
function isProgrammingError(error: unknown): boolean {
  if (error instanceof TypeError) return error.message !== 'fetch failed';
  return error instanceof ReferenceError || error instanceof SyntaxError || error instanceof RangeError;
}

/** Only failures that another try can fix are retried; a bad recording or a bug fails at once. */
function isRetryable(error: unknown): boolean {
  if (error instanceof WorkerError) return error.retryable;
  return !isProgrammingError(error);
}

/**
 * Runs a network, database or storage call with exponential backoff and jitter. A retryable failure
 * on the last attempt becomes RetriesExhaustedError, which carries the last human message.
 */
export async function withRetry<T>(operation: () => Promise<T>, options: RetryOptions): Promise<T> {
  const attempts = options.attempts ?? 3;
  try {
    return await pRetry(operation, {
      retries: attempts - 1,
      minTimeout: options.minDelayMs ?? 500,
      factor: 2,
      randomize: true,
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      shouldRetry: ({ error }) => isRetryable(error),
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0 && isRetryable(error)) {
          options.log.warn(`${options.what} failed, retrying`, {
            attempt: attemptNumber,
            left: retriesLeft,
            reason: error.message,
          });
        }
      },
    });
  } catch (error) {
    if (!isRetryable(error) || options.signal?.aborted === true) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new RetriesExhaustedError(`Could not ${options.what} after ${attempts} attempts: ${reason}`, {
      cause: error,
    });
  }
}
