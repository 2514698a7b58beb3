/**
 * What a worker checks about its machine before it claims anything (ffmpeg, free space, the speech
 * model, the VAD): a meeting claimed by a machine that cannot process it would only be handed back. A failed check pauses the worker with the reason.
 */
import { spawn } from 'node:child_process';
import { mkdir, statfs } from 'node:fs/promises';

import type { WhisperModelRequest } from './asr/whisper-model.js';
import { ModelUnavailableError } from './errors.js';
import { machineProblem } from './machine-problem.js';
import { hubPlaces } from './models/model-location.js';
import { findWhisperModel } from './models/model-manifest.js';
import { ensureHubModel } from './models/model-store.js';
import { locateSileroVad } from './models/vad-location.js';

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

/**
 * Offline (no downloads allowed), the speech model's files must be here, intact: the check hashes them
 * once per process, and loading the model later reuses that. With downloads allowed, the first meeting
 * fetches what is missing.
 */
async function speechModelMissing(whisper: WhisperModelRequest): Promise<string | null> {
  if (whisper.allowRemoteModels) return null;
  const entry = findWhisperModel(whisper.modelId);
  if (entry === undefined)
    return `Unknown speech model ${whisper.modelId}: choose another in the settings, then resume.`;
  try {
    await ensureHubModel(entry, hubPlaces(whisper), 'speech');
    return null;
  } catch (error) {
    if (error instanceof ModelUnavailableError) return machineProblem(error)?.message ?? error.message;
    throw error;
  }
}

/** The Silero VAD ships with the app and is never downloaded: checked whatever the download setting. */
async function vadMissing(whisper: WhisperModelRequest): Promise<string | null> {
  try {
    await locateSileroVad(whisper);
    return null;
  } catch (error) {
    if (error instanceof ModelUnavailableError) return machineProblem(error)?.message ?? error.message;
    throw error;
  }
}

/** Null when the machine can take meetings, else what to fix first. */
export async function checkMachine(place: {
  ffmpeg: string;
  audioTempDir: string;
  whisper: WhisperModelRequest;
}): Promise<string | null> {
  const ffmpeg = await ffmpegRuns(place.ffmpeg);
  if (ffmpeg !== null) return ffmpeg;
  await mkdir(place.audioTempDir, { recursive: true });
  const disk = await statfs(place.audioTempDir);
  const free = disk.bavail * disk.bsize;
  if (free < minimumFreeBytes)
    return `The temp folder (${place.audioTempDir}) has ${String(Math.round(free / 1048576))} MB free, under ${String(minimumFreeBytes / 1048576)} MB: free some space, then resume.`;
  return (await speechModelMissing(place.whisper)) ?? vadMissing(place.whisper);
}
