import { stat, truncate } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';

import { ConnectionError, DownloadError, StorageError } from '../errors.js';
import type { Logger } from '../log/logger.js';

import type { DownloadOptions } from './audio-store.js';
import { BlockHashes, blockBytesFor } from './block-hashes.js';
import {
  clearCheckpoint,
  readCheckpoint,
  verifiedBlocks,
  writeCheckpoint,
  type DownloadCheckpoint,
} from './download-checkpoint.js';
import { InterruptedCopyError, streamToFile, tooLargeError } from './stream-to-file.js';

export interface ResumePolicy {
  /** Requests per download, the first included; each one after a cut resumes with a Range. */
  attempts: number;
  /** A body that sends nothing for this long counts as cut. */
  stallTimeoutMs: number;
  /** Pause before resuming, doubled each time. */
  retryDelayMs: number;
}

export const defaultResumePolicy: ResumePolicy = { attempts: 5, stallTimeoutMs: 30_000, retryDelayMs: 500 };

/**
 * One GET of a signed URL, from `offset`; redirects are refused (they could lead to another host), and
 * a server that does not answer within the stall time counts as unreachable.
 */
async function requestBody(url: string, offset: number, signal: AbortSignal, stallMs: number): Promise<Response> {
  const headers: Record<string, string> = offset > 0 ? { range: `bytes=${offset}-` } : {};
  const unanswered = new AbortController();
  const timer = setTimeout(() => unanswered.abort(), stallMs);
  const requestSignal = AbortSignal.any([signal, unanswered.signal]);
  const response = await fetch(url, { signal: requestSignal, redirect: 'manual', headers })
    .catch((error: unknown) => {
      if (signal.aborted) throw error;
      const why = unanswered.signal.aborted ? `no answer within ${Math.round(stallMs / 1000)} s` : 'unreachable';
      throw new ConnectionError(`Could not reach Supabase Storage to download the audio (${why}).`, { cause: error });
    })
    .finally(() => clearTimeout(timer));
  if (response.status >= 300 && response.status < 400) {
    await response.body?.cancel();
    throw new DownloadError(
      'Storage redirected the audio download to another address; PC Worker refuses to follow.',
      false,
    );
  }
  return response;
}

/** The object's full size from `Content-Range: bytes a-b/size` or, for a 200, `Content-Length`. */
function objectSize(response: Response): number | null {
  const range = /\/(\d+)$/.exec(response.headers.get('content-range') ?? '');
  if (range?.[1] !== undefined) return Number(range[1]);
  const length = response.headers.get('content-length');
  return length === null ? null : Number(length);
}

async function refuse(response: Response, objectPath: string): Promise<never> {
  await response.body?.cancel();
  if (response.status === 400 || response.status === 404) {
    throw new DownloadError(`The audio file "${objectPath}" was not found in storage.`, false);
  }
  throw new StorageError(`Storage answered HTTP ${response.status} to the audio download.`, response.status >= 500);
}

/** How often a running download records its block hashes on disk. */
const checkpointEveryMs = 1000;

const bytesOnDisk = async (file: string): Promise<number> => (await stat(file).catch(() => null))?.size ?? 0;

/**
 * Where a download found on disk continues: after the blocks the checkpoint vouches for (their bytes
 * hash as they did on arrival), the file cut back to them. Anything after them is fetched again.
 */
async function startingPoint(
  destination: string,
  checkpoint: DownloadCheckpoint | null,
  log: Logger,
): Promise<{ hashes: BlockHashes; offset: number }> {
  if (checkpoint === null) return { hashes: new BlockHashes(blockBytesFor(null)), offset: 0 };
  const hashes = await verifiedBlocks(destination, checkpoint);
  const good = hashes.blocks.length;
  const offset = hashes.bytesIn(good, checkpoint.size);
  const found = await bytesOnDisk(destination);
  // The next block was on disk in full yet did not hash as it arrived: not a cut, a damaged file.
  if (good < checkpoint.blocks.length && found >= hashes.bytesIn(good + 1, checkpoint.size)) {
    log.warn('the audio on disk differs from what storage sent (a power cut can leave zeros); fetching it again', {
      from: offset,
      discarded: found - offset,
    });
  }
  // Bytes after the last vouched-for block (a block cut off mid-way, or damaged ones) are fetched again.
  if (found > offset) await truncate(destination, offset);
  return { hashes, offset };
}

/**
 * After a cut in this process: continue after the whole blocks both hashed and on disk (a cut can drop
 * bytes the file stream had not written yet), the file and the hashes cut back to them.
 */
async function rewindToWholeBlocks(destination: string, hashes: BlockHashes, size: number | null): Promise<number> {
  const blocks = Math.min(hashes.blocks.length, Math.floor((await bytesOnDisk(destination)) / hashes.blockBytes));
  hashes.rewind(blocks);
  const offset = hashes.bytesIn(blocks, size);
  await truncate(destination, offset).catch(() => undefined); // no file yet: the next copy creates it
  return offset;
}

const snapshot = (etag: string, size: number | null, hashes: BlockHashes): DownloadCheckpoint => ({
  etag,
  size,
  blockBytes: hashes.blockBytes,
  blocks: [...hashes.blocks],
});

/**
 * Downloads a signed URL to `destination`, resuming with `Range` after a cut or a stall, and keeping a
 * checkpoint (ETag, size and the SHA-256 of each block as it arrived) beside the file, so that a worker
 * restarted after a crash or a power cut continues after the blocks on disk that still hash right. A
 * resumed response must carry the same ETag, else the download starts over.
 */
export async function downloadResumable(
  url: string,
  objectPath: string,
  destination: string,
  options: DownloadOptions & { log: Logger; policy: ResumePolicy },
): Promise<{ bytes: number; resumedFrom: number }> {
  const checkpoint = await readCheckpoint(destination);
  let { hashes, offset } = await startingPoint(destination, checkpoint, options.log);
  // The version the bytes on disk came from: a resumed answer must be of the same one.
  let etagOnDisk = checkpoint?.etag ?? null;
  const resumedFrom = offset;
  if (offset > 0) options.log.info('resuming the audio download from its checkpoint', { bytes: offset });
  for (let attempt = 1; ; attempt++) {
    // A file the checkpoint says is complete (every block checked) is confirmed by asking for its last byte only.
    const complete = offset > 0 && offset === checkpoint?.size;
    const response = await requestBody(
      url,
      complete ? offset - 1 : offset,
      options.signal,
      options.policy.stallTimeoutMs,
    ).catch((error: unknown) => {
      // Unanswered or unreachable: another attempt may reach it; anything else is final.
      if (error instanceof ConnectionError && attempt < options.policy.attempts) return null;
      throw error;
    });
    if (response === null) {
      options.log.warn('storage did not answer the audio download; trying again', { attempt });
      await sleep(options.policy.retryDelayMs * 2 ** (attempt - 1), undefined, { signal: options.signal });
      continue;
    }
    if (response.status === 416 && offset > 0) {
      await response.body?.cancel();
      offset = 0;
      continue;
    }
    if (!response.ok || response.body === null) return refuse(response, objectPath);
    const etag = response.headers.get('etag');
    const sameObject = response.status === 206 && etag !== null && etag === etagOnDisk;
    if (offset > 0 && !sameObject) {
      await response.body.cancel();
      options.log.info('the stored object changed since the checkpoint; downloading it again');
      offset = 0;
      continue;
    }
    if (complete) {
      await response.body.cancel();
      options.log.info('reusing the audio file downloaded before the restart', { bytes: offset });
      return { bytes: offset, resumedFrom };
    }
    const size = objectSize(response);
    if (size !== null && size > options.maxBytes) {
      await response.body.cancel();
      await clearCheckpoint(destination);
      throw tooLargeError(size, options.maxBytes);
    }
    if (offset === 0) {
      hashes = new BlockHashes(blockBytesFor(size));
      etagOnDisk = etag;
      if (etag !== null) await writeCheckpoint(destination, snapshot(etag, size, hashes));
    }
    // Completed blocks' hashes go into the checkpoint before their bytes are written, at most once a second
    // (each write is flushed to disk): a crash costs the blocks of that second again, not the whole file.
    let checkpointedAt = Date.now();
    const observe = (chunk: Buffer) => {
      if (!hashes.update(chunk) || etag === null || Date.now() - checkpointedAt < checkpointEveryMs) return undefined;
      checkpointedAt = Date.now();
      return writeCheckpoint(destination, snapshot(etag, size, hashes));
    };
    try {
      const copied = await streamToFile(Readable.fromWeb(response.body), destination, size, options, {
        startAt: offset,
        stallTimeoutMs: options.policy.stallTimeoutMs,
        observe,
      });
      hashes.finish();
      if (etag !== null) await writeCheckpoint(destination, snapshot(etag, size, hashes));
      return { bytes: copied.bytes, resumedFrom };
    } catch (error) {
      if (!(error instanceof InterruptedCopyError) || attempt >= options.policy.attempts || etag === null) {
        await clearCheckpoint(destination, { removeFile: true });
        throw error;
      }
      offset = await rewindToWholeBlocks(destination, hashes, size);
      options.log.warn('the audio download was cut; resuming', { bytes: offset, attempt, reason: error.message });
      await sleep(options.policy.retryDelayMs * 2 ** (attempt - 1), undefined, { signal: options.signal });
    }
  }
}
