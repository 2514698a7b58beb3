import { open, readFile, rename, rm, stat } from 'node:fs/promises';

/**
 * What a download has promised itself about the object it is fetching: the ETag and size of the
 * version the bytes on disk came from. A worker killed mid-download (or after it) finds this beside
 * the partial file when it reclaims the meeting, and resumes instead of starting over.
 */
export interface DownloadCheckpoint {
  etag: string;
  size: number | null;
}

const checkpointPath = (destination: string): string => `${destination}.checkpoint.json`;

export async function readCheckpoint(destination: string): Promise<DownloadCheckpoint | null> {
  const text = await readFile(checkpointPath(destination), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<DownloadCheckpoint>;
    if (typeof value.etag !== 'string' || !(value.size === null || typeof value.size === 'number')) return null;
    return { etag: value.etag, size: value.size };
  } catch {
    return null; // a checkpoint cut off by the crash itself is simply ignored
  }
}

/** Bytes on disk that the checkpoint vouches for (0 when there is nothing valid to resume). */
export async function resumableBytes(destination: string, checkpoint: DownloadCheckpoint | null): Promise<number> {
  if (checkpoint === null) return 0;
  const info = await stat(destination).catch(() => null);
  if (info === null || !info.isFile()) return 0;
  if (checkpoint.size !== null && info.size > checkpoint.size) return 0;
  return info.size;
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
