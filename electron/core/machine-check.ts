/**
 * What a worker checks about its machine before it claims anything: a meeting claimed by a machine
 * that cannot process it would only be handed back. A failed check pauses the worker with the reason.
 */
import { spawn } from 'node:child_process';
import { mkdir, statfs } from 'node:fs/promises';

/** Less free space than this in the temp folder and a download or decode would soon fail. */
export const minimumFreeBytes = 512 * 1024 * 1024;

function ffmpegRuns(ffmpeg: string): Promise<string | null> {
  return new Promise((resolve) => {
    const child = spawn(ffmpeg, ['-hide_banner', '-version'], { stdio: 'ignore', timeout: 15_000 });
    child.once('error', (error) =>
      resolve(`ffmpeg could not be started (${ffmpeg}: ${error.message}): install it or set FFMPEG_PATH, then resume.`),
    );
    child.once('exit', (code) =>
      resolve(code === 0 ? null : `ffmpeg (${ffmpeg}) exited with code ${String(code)} when asked for its version.`),
    );
  });
}

/** Null when the machine can take meetings, else what to fix first. */
export async function checkMachine(place: { ffmpeg: string; audioTempDir: string }): Promise<string | null> {
  const ffmpeg = await ffmpegRuns(place.ffmpeg);
  if (ffmpeg !== null) return ffmpeg;
  await mkdir(place.audioTempDir, { recursive: true });
  const disk = await statfs(place.audioTempDir);
  const free = disk.bavail * disk.bsize;
  if (free < minimumFreeBytes)
    return `The temp folder (${place.audioTempDir}) has ${String(Math.round(free / 1048576))} MB free, under ${String(minimumFreeBytes / 1048576)} MB: free some space, then resume.`;
  return null;
}
