import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { CancelledError, DownloadError } from '../errors.js';

import type { DownloadOptions } from './audio-store.js';

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

export function tooLargeError(bytes: number, maxBytes: number): DownloadError {
  return new DownloadError(
    `The audio file is ${megabytes(bytes)}, over the ${megabytes(maxBytes)} limit (MAX_AUDIO_MB).`,
    false,
  );
}

export function tempFolderFullError(cause: unknown): DownloadError {
  return new DownloadError('The temp folder is full (AUDIO_TEMP_DIR): free some space, then retry.', true, { cause });
}

/** Where a copy starts and how long the source may go quiet before the copy counts as stalled. */
export interface CopyPlacement {
  /** Bytes already in `destination` (a resumed download appends after them). */
  startAt: number;
  /** No byte for this long → the copy fails as interrupted (a retryable DownloadError). */
  stallTimeoutMs: number | null;
}

/** A copy that broke off part-way: how far it got, so a caller can resume with a Range request. */
export class InterruptedCopyError extends DownloadError {
  constructor(
    message: string,
    readonly receivedBytes: number,
    options?: { cause?: unknown },
  ) {
    super(message, true, options);
  }
}

function stallWatch(stallTimeoutMs: number | null, controller: AbortController): { touch(): void; stop(): void } {
  if (stallTimeoutMs === null) return { touch: () => undefined, stop: () => undefined };
  let timer = setTimeout(() => controller.abort(), stallTimeoutMs);
  return {
    touch: () => {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), stallTimeoutMs);
    },
    stop: () => clearTimeout(timer),
  };
}

/**
 * Copies a stream to a file while counting bytes: stops at the size cap, reports progress, honours
 * cancellation, detects a stalled source, and tells an interrupted copy (resumable: the bytes so far
 * stay on disk) from a final failure (the file is removed).
 */
export async function streamToFile(
  source: Readable,
  destination: string,
  totalBytes: number | null,
  options: DownloadOptions,
  placement: CopyPlacement = { startAt: 0, stallTimeoutMs: null },
): Promise<{ bytes: number }> {
  let received = placement.startAt;
  const stalled = new AbortController();
  const watch = stallWatch(placement.stallTimeoutMs, stalled);
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      watch.touch();
      received += chunk.length;
      if (received > options.maxBytes) {
        callback(tooLargeError(received, options.maxBytes));
        return;
      }
      options.onProgress(received, totalBytes);
      callback(null, chunk);
    },
  });
  const flags = placement.startAt > 0 ? 'a' : 'w';
  const signal = AbortSignal.any([options.signal, stalled.signal]);
  try {
    await pipeline(source, counter, createWriteStream(destination, { flags }), { signal });
  } catch (error) {
    if (options.signal.aborted) {
      await rm(destination, { force: true });
      throw new CancelledError('Download cancelled.', { cause: error });
    }
    if (error instanceof DownloadError) {
      await rm(destination, { force: true });
      throw error;
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      await rm(destination, { force: true });
      throw tempFolderFullError(error);
    }
    const why = stalled.signal.aborted
      ? `no data arrived for ${Math.round((placement.stallTimeoutMs ?? 0) / 1000)} s`
      : 'the connection was cut';
    throw new InterruptedCopyError(`The download was interrupted (${why}) after ${received} bytes.`, received, {
      cause: error,
    });
  } finally {
    watch.stop();
  }
  if (totalBytes !== null && received !== totalBytes) {
    throw new InterruptedCopyError(`The download stopped after ${received} of ${totalBytes} bytes.`, received);
  }
  return { bytes: received };
}
