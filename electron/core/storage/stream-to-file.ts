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
  /** Sees each chunk before it is written; the copy waits for a promise it returns (a checkpoint write). */
  observe?: (chunk: Buffer) => Promise<void> | undefined;
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

function stallWatch(stallTimeoutMs: number | null, onStall: () => void): { touch(): void; stop(): void } {
  if (stallTimeoutMs === null) return { touch: () => undefined, stop: () => undefined };
  let timer = setTimeout(onStall, stallTimeoutMs);
  return {
    touch: () => {
      clearTimeout(timer);
      timer = setTimeout(onStall, stallTimeoutMs);
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
  let cut: { error: unknown; why: string } | null = null;
  const watch = stallWatch(placement.stallTimeoutMs, () => {
    cut = { error: null, why: `no data arrived for ${Math.round((placement.stallTimeoutMs ?? 0) / 1000)} s` };
    source.destroy();
  });
  // A source that is cut (or stalls) ends the copy like a finished one: every byte received so far is
  // written and the file closed, so the file holds exactly `received` bytes and a resume appends after
  // them. Were the error passed on, the pipeline would tear the file stream down and drop what it had
  // buffered, leaving a gap a resume would not know of.
  async function* untilCut(stream: Readable): AsyncGenerator<Buffer> {
    try {
      for await (const chunk of stream) yield chunk as Buffer;
    } catch (error) {
      cut ??= { error, why: 'the connection was cut' };
    }
  }
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      watch.touch();
      received += chunk.length;
      if (received > options.maxBytes) {
        callback(tooLargeError(received, options.maxBytes));
        return;
      }
      options.onProgress(received, totalBytes);
      const observed = placement.observe?.(chunk);
      if (observed === undefined) callback(null, chunk);
      else
        observed.then(
          () => callback(null, chunk),
          (error: unknown) => callback(error as Error),
        );
    },
  });
  const flags = placement.startAt > 0 ? 'a' : 'w';
  try {
    await pipeline(untilCut(source), counter, createWriteStream(destination, { flags }), { signal: options.signal });
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
    throw new InterruptedCopyError(`The download was interrupted after ${received} bytes.`, received, {
      cause: error,
    });
  } finally {
    watch.stop();
  }
  const interruption = cut as { error: unknown; why: string } | null;
  if (interruption !== null) {
    throw new InterruptedCopyError(
      `The download was interrupted (${interruption.why}) after ${received} bytes.`,
      received,
      interruption.error === null ? {} : { cause: interruption.error },
    );
  }
  if (totalBytes !== null && received !== totalBytes) {
    throw new InterruptedCopyError(`The download stopped after ${received} of ${totalBytes} bytes.`, received);
  }
  return { bytes: received };
}
