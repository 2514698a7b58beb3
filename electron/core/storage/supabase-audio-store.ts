import type { SupabaseClient } from '@supabase/supabase-js';

import { ConnectionError, DownloadError, StorageError } from '../errors.js';
import type { Logger } from '../log/logger.js';
import { withRetry } from '../retry.js';

import type { AudioStore, DownloadOptions } from './audio-store.js';
import { assertSafeObjectPath, encodeObjectPath } from './object-path.js';
import { defaultResumePolicy, downloadResumable, type ResumePolicy } from './resumable-download.js';

const signedUrlSeconds = 600;

interface StorageFailure {
  message: string;
  status?: number;
  statusCode?: string;
}

export interface SupabaseAudioStoreOptions {
  /** The configured project URL: signed URLs must point at its origin, nowhere else. */
  supabaseUrl: string;
  log: Logger;
  resume?: ResumePolicy;
}

/** Storage reports a missing object as HTTP 400 with statusCode "404" in the body. */
function isNotFound(error: StorageFailure): boolean {
  return error.statusCode === '404' || error.status === 404 || /not[ _]found/i.test(error.message);
}

function signingError(error: unknown, objectPath: string): Error {
  const failure = error as StorageFailure;
  if (isNotFound(failure)) return new DownloadError(`The audio file "${objectPath}" was not found in storage.`, false);
  if (failure.status === undefined) return new ConnectionError('Could not reach Supabase Storage.', { cause: error });
  return new StorageError(`Storage refused to sign the audio URL (HTTP ${failure.status}).`, failure.status >= 500, {
    cause: error,
  });
}

/**
 * A signed URL is a bearer token to a file: it is used only when it points at the configured Supabase
 * origin (a tampered or misconfigured storage URL must not send the worker elsewhere).
 */
export function assertSupabaseOrigin(signedUrl: string, supabaseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(signedUrl);
  } catch (error) {
    throw new StorageError('Storage returned a download address that is not a URL.', false, { cause: error });
  }
  if (url.origin !== new URL(supabaseUrl).origin) {
    throw new StorageError(`Storage returned a download address outside the configured Supabase project.`, false);
  }
  return url;
}

/**
 * Supabase Storage through a short-lived signed URL, streamed to disk with resume: the whole file is
 * never held in memory, and the URL (which carries a token) is never logged.
 */
export function createSupabaseAudioStore(
  client: SupabaseClient,
  bucket: string,
  options: SupabaseAudioStoreOptions,
): AudioStore {
  const log = options.log.child('storage');
  return {
    async download(objectPath: string, destination: string, download: DownloadOptions) {
      const safePath = assertSafeObjectPath(objectPath);
      const signedUrl = await withRetry(
        async () => {
          const signed = await client.storage
            .from(bucket)
            .createSignedUrl(encodeObjectPath(safePath), signedUrlSeconds);
          if (signed.error !== null) throw signingError(signed.error, safePath);
          return signed.data.signedUrl;
        },
        { what: 'sign the audio download', log, signal: download.signal },
      );
      const url = assertSupabaseOrigin(signedUrl, options.supabaseUrl);
      const result = await downloadResumable(url.href, safePath, destination, {
        ...download,
        log,
        policy: options.resume ?? defaultResumePolicy,
      });
      return { bytes: result.bytes };
    },
  };
}
