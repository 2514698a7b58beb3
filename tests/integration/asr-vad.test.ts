import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { errorRate } from '../../electron/core/asr/text-normalizer.js';
import { transcribePcm } from '../../electron/core/asr/transcribe.js';
import { loadWhisper, type SpeechRecognizer } from '../../electron/core/asr/whisper-model.js';
import { decodeToPcm, type DecodedAudio } from '../../electron/core/audio/decode.js';
import { CancelledError } from '../../electron/core/errors.js';
import { chooseInferenceDevice } from '../../electron/core/models/inference-device.js';
import { readAsrReferences, sampleRecording, sharedModelsDir } from '../support/shared-data.js';

let recognizer: SpeechRecognizer;
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asr-vad-'));
  const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
  recognizer = await loadWhisper({
    modelId: 'Xenova/whisper-tiny',
    modelDir: sharedModelsDir,
    allowRemoteModels: false,
    device,
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Renders a real audio file with ffmpeg's own generators and filters. */
async function render(name: string, ffmpegArgs: string[]): Promise<DecodedAudio> {
  const file = path.join(workDir, `${name}.wav`);
  execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-y', ...ffmpegArgs, '-ar', '16000', '-ac', '1', file]);
  return decodeToPcm(file, path.join(workDir, `${name}.f32`), {
    ffmpeg: '/usr/bin/ffmpeg',
    maxDurationSec: 3600,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
}

type ProgressListener = (done: number, total: number) => void;
const noProgress: ProgressListener = () => undefined;

const run = (
  audio: DecodedAudio,
  language = 'auto',
  signal = new AbortController().signal,
  onProgress: ProgressListener = noProgress,
) => transcribePcm(recognizer, audio, audio.frameRms, { language, signal, onProgress, onSegment: () => undefined });

describe('speech detection before Whisper', () => {
  it('gives no text for 40 s of room noise (Whisper alone invents "Thank you.")', async () => {
    const noise = await render('noise', ['-f', 'lavfi', '-i', 'anoisesrc=d=40:c=pink:a=0.03']);
    const transcript = await run(noise);
    expect(transcript.segments).toEqual([]);
    expect(transcript.stats.windows).toBe(0);
  });

  it('transcribes only the speech between long silences, with monotonic word times inside their segments', async () => {
    const padded = await render('padded', [
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=d=25:c=white:a=0.0005',
      '-i',
      sampleRecording.file,
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=d=25:c=white:a=0.0005',
      '-filter_complex',
      '[0][1][2]concat=n=3:v=0:a=1',
    ]);
    const transcript = await run(padded);
    expect(transcript.language).toBe('en');
    const words = transcript.segments.flatMap((segment) => segment.words);
    expect(words.length).toBeGreaterThan(20);
    expect(words[0]?.start).toBeGreaterThan(24);
    expect(words.at(-1)?.end).toBeLessThan(padded.durationSec - 20);
    for (const segment of transcript.segments) {
      for (const word of segment.words) {
        expect(word.start).toBeGreaterThanOrEqual(segment.start);
        expect(word.end).toBeLessThanOrEqual(segment.end);
        expect(word.end).toBeGreaterThanOrEqual(word.start);
      }
    }
    for (let index = 1; index < words.length; index += 1)
      expect(words[index]?.start).toBeGreaterThanOrEqual(words[index - 1]?.start ?? 0);
  });

  it('reports progress per window and stops between windows when cancelled', async () => {
    const long = await render('long', ['-stream_loop', '5', '-i', sampleRecording.file]);
    const controller = new AbortController();
    const seen: [number, number][] = [];
    const outcome = run(long, 'en', controller.signal, (done: number, total: number) => {
      seen.push([done, total]);
      if (done === 1) controller.abort();
    });
    await expect(outcome).rejects.toBeInstanceOf(CancelledError);
    expect(seen[0]?.[0]).toBe(0);
    expect(seen[0]?.[1]).toBeGreaterThan(1);
    expect(seen.at(-1)?.[0]).toBe(1);
  });

  it('decodes windows in batches (what GPUs do) with the same quality and ordered word times', async () => {
    // Eight different English dev clips back to back: about 100 s, four windows or more.
    const clips = readAsrReferences()
      .filter((row) => row.language === 'en')
      .slice(0, 8);
    const inputs = clips.flatMap((clip) => ['-i', clip.file]);
    const joined = clips.map((_, index) => `[${String(index)}:a]`).join('');
    const speech = await render('batched', [
      ...inputs,
      '-filter_complex',
      `${joined}concat=n=${String(clips.length)}:v=0:a=1`,
    ]);
    const seen: number[] = [];
    const transcript = await transcribePcm(recognizer, speech, speech.frameRms, {
      language: 'auto',
      batchSize: 3,
      signal: new AbortController().signal,
      onProgress: (done) => seen.push(done),
      onSegment: () => undefined,
    });
    expect(transcript.language).toBe('en');
    expect(transcript.stats.windows).toBeGreaterThanOrEqual(4);
    // One report before, then one per batch of three windows.
    expect(seen.slice(0, 2)).toEqual([0, 3]);
    const text = transcript.segments.map((segment) => segment.text).join(' ');
    // whisper-tiny q8 reads these clips at about 9 % WER one window at a time (npm run bench:asr).
    expect(errorRate(clips.map((clip) => clip.text).join(' '), text, 'en')).toBeLessThan(0.2);
    const words = transcript.segments.flatMap((segment) => segment.words);
    for (let index = 1; index < words.length; index += 1)
      expect(words[index]?.start).toBeGreaterThanOrEqual(words[index - 1]?.start ?? 0);
    expect(words.at(-1)?.end).toBeLessThanOrEqual(speech.durationSec);
  });
});
