import { Readable } from 'node:stream';

import type { SupabaseClient } from '@supabase/supabase-js';

import { ConnectionError, DownloadError, StorageError } from '../errors.js';

import type { AudioStore, DownloadOptions } from './audio-store.js';
import { assertSafeObjectPath } from './object-path.js';
import { streamToFile, tooLargeError } from './stream-to-file.js';

const signedUrlSeconds = 600;

interface StorageFailure {
  message: string;
  status?: number;
  statusCode?: string;
}

/** Storage reports a missing object as HTTP 400 with statusCode "404" in the body. */
function isNotFound(error: StorageFailure): boolean {
  return error.statusCode === '404' || error.status === 404 || /not[ _]found/i.test(error.message);
}

/**
 * Supabase Storage through a short-lived signed URL, streamed to disk: the whole file is never held in
 * memory, and the URL (which carries a token) is never logged.
 */
export function createSupabaseAudioStore(client: SupabaseClient, bucket: string): AudioStore {
  return {
    async download(objectPath: string, destination: string, options: DownloadOptions) {
      const safePath = assertSafeObjectPath(objectPath);
      const signed = await client.storage.from(bucket).createSignedUrl(safePath, signedUrlSeconds);
      if (signed.error !== null) {
        const failure = signed.error as unknown as StorageFailure;
        if (isNotFound(failure)) {
          throw new DownloadError(`The audio file "${safePath}" was not found in storage.`, false);
        }
        if (failure.status === undefined) {
          throw new ConnectionError('Could not reach Supabase Storage.', { cause: signed.error });
        }
        throw new StorageError(
          `Storage refused to sign the audio URL (HTTP ${failure.status}).`,
          failure.status >= 500,
          {
            cause: signed.error,
          },
        );
      }
      const response = await fetch(signed.data.signedUrl, { signal: options.signal }).catch((error: unknown) => {
        throw new ConnectionError('Could not reach Supabase Storage to download the audio.', { cause: error });
      });
      if (!response.ok || response.body === null) {
        await response.body?.cancel();
        if (response.status === 400 || response.status === 404) {
          throw new DownloadError(`The audio file "${safePath}" was not found in storage.`, false);
        }
        throw new StorageError(
          `Storage answered HTTP ${response.status} to the audio download.`,
          response.status >= 500,
        );
      }
      const lengthHeader = response.headers.get('content-length');
      const totalBytes = lengthHeader === null ? null : Number(lengthHeader);
      if (totalBytes !== null && totalBytes > options.maxBytes) {
        await response.body.cancel();
        throw tooLargeError(totalBytes, options.maxBytes);
      }
      const body = Readable.fromWeb(response.body);
      return streamToFile(body, destination, totalBytes, options);
    },
  };
}
