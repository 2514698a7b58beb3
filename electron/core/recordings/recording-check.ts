import { spawn } from 'node:child_process';
import { stat } from 'node:fs/promises';

import { parseFfmpegReport } from '../audio/ffmpeg-report.js';
import { CorruptedAudioError, DownloadError } from '../errors.js';
import { tooLargeError } from '../storage/stream-to-file.js';

/** The limits a recording must keep to be accepted: the worker's own (MAX_AUDIO_MB, MAX_AUDIO_HOURS). */
export interface RecordingLimits {
  ffmpeg: string;
  maxBytes: number;
  maxHours: number;
}

/** A probe reads the container's header and a moment of audio; a damaged file must not hold it longer. */
const probeTimeoutMs = 30_000;

function probe(ffmpeg: string, file: string): Promise<{ stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    // Decoding half a second proves there is an audio stream ffmpeg can decode, without reading the whole file.
    const child = spawn(
      ffmpeg,
      ['-nostdin', '-hide_banner', '-i', file, '-map', '0:a:0', '-t', '0.5', '-f', 'null', '-'],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: probeTimeoutMs, killSignal: 'SIGKILL' },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < 64 * 1024) stderr += text;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ stderr, code }));
  });
}

/**
 * Checks a recording before it joins the queue, with the worker's own limits and its own reading of
 * ffmpeg's report, so that a file the worker would refuse is refused at once, with the same words,
 * instead of failing later as a queued meeting.
 */
export async function checkRecording(file: string, limits: RecordingLimits): Promise<void> {
  const info = await stat(file).catch(() => null);
  if (info === null) throw new DownloadError(`No such file: ${file}`, false);
  if (info.isDirectory()) throw new DownloadError(`${file} is a folder, not a recording.`, false);
  if (!info.isFile()) throw new DownloadError(`${file} is not a regular file.`, false);
  if (info.size === 0) throw new CorruptedAudioError('The audio file is empty (0 bytes).');
  if (info.size > limits.maxBytes) throw tooLargeError(info.size, limits.maxBytes);
  const { stderr, code } = await probe(limits.ffmpeg, file);
  const report = parseFfmpegReport(stderr, code);
  if (code === null) throw new CorruptedAudioError('Reading the file took too long; it may be damaged.');
  if (report.failure !== null) throw new CorruptedAudioError(report.failure);
  if (report.declaredDurationSec !== null && report.declaredDurationSec > limits.maxHours * 3600) {
    throw new CorruptedAudioError(
      `The recording is longer than the ${limits.maxHours.toFixed(1)} h limit (MAX_AUDIO_HOURS).`,
    );
  }
}
