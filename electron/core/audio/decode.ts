import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { CancelledError, CorruptedAudioError, PreprocessingError } from '../errors.js';

import { readContainerLength, truncationReason } from './container-length.js';
import { parseFfmpegReport } from './ffmpeg-report.js';
import { inputRestrictionArgs, refusedInputReason } from './input-formats.js';
import { LevelMeter } from './level-meter.js';
import { sampleRate, type PcmFile } from './pcm-file.js';

export interface DecodedAudio extends PcmFile {
  peak: number;
  /** RMS of each 100 ms frame. */
  frameRms: Float32Array;
}

export interface DecodeOptions {
  ffmpeg: string;
  maxDurationSec: number;
  signal: AbortSignal;
  onProgress: (decodedSec: number, declaredSec: number | null) => void;
  /** Wall-clock limit for ffmpeg; by default 60 s plus 1/20 of the longest allowed recording. */
  timeLimitMs?: number;
  /** ffmpeg producing no output for this long counts as hung (default 60 s). */
  stallTimeoutMs?: number;
}

/** Below this peak (about -80 dBFS) a recording holds no usable sound. */
const silentPeak = 1e-4;
const stderrLimit = 64 * 1024;
const defaultStallMs = 60_000;

/**
 * Kills a decoder that runs too long or goes quiet: a crafted or damaged file must not hold a worker
 * (and the meeting's lease) forever.
 */
function decoderWatchdog(options: DecodeOptions): {
  signal: AbortSignal;
  reason(): string | null;
  touch(): void;
  stop(): void;
} {
  const controller = new AbortController();
  let reason: string | null = null;
  const limitMs = options.timeLimitMs ?? 60_000 + (options.maxDurationSec * 1000) / 20;
  const stallMs = options.stallTimeoutMs ?? defaultStallMs;
  const trip = (why: string) => () => {
    reason = why;
    controller.abort();
  };
  const limit = setTimeout(
    trip(
      `Decoding took longer than ${Math.round(limitMs / 1000)} s, the decoder's time limit; the file may be damaged.`,
    ),
    limitMs,
  );
  const stallText = `The decoder produced nothing for ${Math.round(stallMs / 1000)} s and was stopped; the file may be damaged.`;
  let stall = setTimeout(trip(stallText), stallMs);
  return {
    signal: AbortSignal.any([options.signal, controller.signal]),
    reason: () => reason,
    touch: () => {
      clearTimeout(stall);
      stall = setTimeout(trip(stallText), stallMs);
    },
    stop: () => {
      clearTimeout(limit);
      clearTimeout(stall);
    },
  };
}

/**
 * Decodes any input ffmpeg understands to 16 kHz mono float32 on disk, streaming, and checks that
 * what came out is a usable recording. Every refusal is a CorruptedAudioError a person can act on.
 */
export async function decodeToPcm(input: string, output: string, options: DecodeOptions): Promise<DecodedAudio> {
  const inputInfo = await stat(input);
  if (inputInfo.size === 0) throw new CorruptedAudioError('The audio file is empty (0 bytes).');
  const container = await readContainerLength(input, inputInfo.size);
  const watchdog = decoderWatchdog(options);

  const child = spawn(
    options.ffmpeg,
    [
      '-nostdin',
      '-hide_banner',
      // An upload is read as itself: no playlist, list or URL inside it is followed.
      ...inputRestrictionArgs(),
      '-i',
      input,
      '-map',
      '0:a:0',
      '-vn',
      '-ac',
      '1',
      '-ar',
      String(sampleRate),
      '-f',
      'f32le',
      'pipe:1',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'], signal: watchdog.signal },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => {
    if (stderr.length < stderrLimit) stderr += text;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code));
  });
  // Observed below, after the output pipe: this only keeps an early spawn error from going unhandled.
  exited.catch(() => undefined);

  const meter = new LevelMeter();
  const maxSamples = Math.ceil(options.maxDurationSec * sampleRate);
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      watchdog.touch();
      meter.push(chunk);
      if (meter.sampleCount > maxSamples) {
        callback(
          new CorruptedAudioError(
            `The recording is longer than the ${(options.maxDurationSec / 3600).toFixed(1)} h limit (MAX_AUDIO_HOURS).`,
          ),
        );
        return;
      }
      options.onProgress(meter.sampleCount / sampleRate, parseFfmpegReport(stderr, 0).declaredDurationSec);
      callback(null, chunk);
    },
  });

  try {
    await pipeline(child.stdout, measure, createWriteStream(output), { signal: watchdog.signal });
    const exitCode = await exited;
    const report = parseFfmpegReport(stderr, exitCode);
    if (report.failure !== null) throw new CorruptedAudioError(refusedInputReason(stderr) ?? report.failure);
    return checkDecoded(
      output,
      meter,
      truncationReason(container, meter.sampleCount / sampleRate, report.declaredDurationSec),
    );
  } catch (error) {
    child.kill('SIGKILL');
    await rm(output, { force: true });
    if (options.signal.aborted) throw new CancelledError('Decoding cancelled.', { cause: error });
    const timedOut = watchdog.reason();
    if (timedOut !== null) throw new PreprocessingError(timedOut, false, { cause: error });
    if (error instanceof CorruptedAudioError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOSPC') {
      throw new PreprocessingError(
        'The temp folder is full (AUDIO_TEMP_DIR) while decoding: free some space, then retry.',
        true,
        {
          cause: error,
        },
      );
    }
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new PreprocessingError('ffmpeg was not found: install it or set FFMPEG_PATH.', false, { cause: error });
    }
    throw new PreprocessingError('Decoding the recording failed unexpectedly.', true, { cause: error });
  } finally {
    watchdog.stop();
  }
}

function checkDecoded(output: string, meter: LevelMeter, truncated: string | null): DecodedAudio {
  if (meter.sampleCount === 0) throw new CorruptedAudioError('The recording contains no audio samples.');
  // A file cut off in transit still decodes its first part: its container says what is missing.
  if (truncated !== null) throw new CorruptedAudioError(truncated);
  if (meter.peak < silentPeak) {
    throw new CorruptedAudioError('The recording is silent (no sound at all): check the microphone it was made with.');
  }
  const durationSec = meter.sampleCount / sampleRate;
  return { path: output, sampleCount: meter.sampleCount, durationSec, peak: meter.peak, frameRms: meter.frameRms() };
}
