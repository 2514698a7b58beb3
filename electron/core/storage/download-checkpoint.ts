import { createHash } from 'node:crypto';
import { open, readFile, rename, rm } from 'node:fs/promises';

import { BlockHashes } from './block-hashes.js';

/**
 * What a download has promised itself about the object it is fetching: the ETag and size of the
 * version the bytes on disk came from, and the hash of each block as it arrived. A worker killed
 * mid-download (or after it) finds this beside the partial file when it reclaims the meeting, and
 * resumes after the blocks whose bytes on disk still match instead of starting over.
 */
export interface DownloadCheckpoint {
  etag: string;
  size: number | null;
  /** Bytes per block (block-hashes.ts). */
  blockBytes: number;
  /** SHA-256 (hex) of each block received so far, in order; the last is short once the object is complete. */
  blocks: string[];
}

const isBlockHash = (value: unknown): boolean => typeof value === 'string' && /^[0-9a-f]{64}$/.test(value);

const checkpointPath = (destination: string): string => `${destination}.checkpoint.json`;

export async function readCheckpoint(destination: string): Promise<DownloadCheckpoint | null> {
  const text = await readFile(checkpointPath(destination), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<DownloadCheckpoint>;
    if (typeof value.etag !== 'string' || !(value.size === null || typeof value.size === 'number')) return null;
    // A checkpoint without block hashes (an older version's) vouches for nothing: the download starts over.
    if (typeof value.blockBytes !== 'number' || !Number.isInteger(value.blockBytes) || value.blockBytes <= 0)
      return null;
    if (!Array.isArray(value.blocks) || !value.blocks.every(isBlockHash)) return null;
    return { etag: value.etag, size: value.size, blockBytes: value.blockBytes, blocks: value.blocks };
  } catch {
    return null; // a checkpoint cut off by the crash itself is simply ignored
  }
}

/**
 * The blocks of the partial file that the checkpoint vouches for: the leading ones whose bytes on disk
 * hash as they did when they arrived. A power cut can leave a file whose size is right but whose last
 * (or any) blocks hold zeros; those, and every block after the first bad one, are fetched again.
 */
export async function verifiedBlocks(destination: string, checkpoint: DownloadCheckpoint): Promise<BlockHashes> {
  const { blockBytes, blocks, size } = checkpoint;
  const file = await open(destination, 'r').catch(() => null);
  if (file === null) return new BlockHashes(blockBytes);
  const buffer = Buffer.alloc(blockBytes);
  let good = 0;
  try {
    for (const [index, expected] of blocks.entries()) {
      const length = size === null ? blockBytes : Math.min(blockBytes, size - index * blockBytes);
      if (length <= 0) break;
      const { bytesRead } = await file.read(buffer, 0, length, index * blockBytes);
      if (bytesRead < length) break;
      if (createHash('sha256').update(buffer.subarray(0, length)).digest('hex') !== expected) break;
      good++;
    }
  } finally {
    await file.close();
  }
  return new BlockHashes(blockBytes, blocks.slice(0, good));
}

/**
 * Written whole or not at all: a temp file, flushed to disk, then renamed over the old checkpoint, so
 * a power cut leaves the previous checkpoint or the new one, never a torn one that vouches for bytes
 * the partial file does not hold.
 */
export async function writeCheckpoint(destination: string, checkpoint: DownloadCheckpoint): Promise<void> {
  const target = checkpointPath(destination);
  const temp = `${target}.tmp`;
  const file = await open(temp, 'w');
  try {
    await file.writeFile(JSON.stringify(checkpoint));
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temp, target);
}

export async function clearCheckpoint(destination: string, options: { removeFile?: boolean } = {}): Promise<void> {
  await rm(checkpointPath(destination), { force: true });
  await rm(`${checkpointPath(destination)}.tmp`, { force: true });
  if (options.removeFile === true) await rm(destination, { force: true });
}
