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

/**
 * Copies a stream to a file while counting bytes: stops at the size cap, reports progress, honours
 * cancellation, and deletes the partial file on any failure.
 */
export async function streamToFile(
  source: Readable,
  destination: string,
  totalBytes: number | null,
  options: DownloadOptions,
): Promise<{ bytes: number }> {
  let received = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      if (received > options.maxBytes) {
        callback(tooLargeError(received, options.maxBytes));
        return;
      }
      options.onProgress(received, totalBytes);
      callback(null, chunk);
    },
  });
  try {
    await pipeline(source, counter, createWriteStream(destination), { signal: options.signal });
  } catch (error) {
    await rm(destination, { force: true });
    if (options.signal.aborted) throw new CancelledError('Download cancelled.', { cause: error });
    if (error instanceof DownloadError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOSPC') {
      throw new DownloadError('The temp folder is full (AUDIO_TEMP_DIR): free some space.', true, { cause: error });
    }
    throw new DownloadError('The download was interrupted before the whole file arrived.', true, { cause: error });
  }
  if (totalBytes !== null && received !== totalBytes) {
    await rm(destination, { force: true });
    throw new DownloadError(`The download stopped after ${received} of ${totalBytes} bytes.`, true);
  }
  return { bytes: received };
}
