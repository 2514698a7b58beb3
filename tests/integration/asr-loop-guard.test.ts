import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { pipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { compressionRatio, trimRepeatedPhrases } from '../../electron/core/asr/repetition-guard.js';
import { errorRate } from '../../electron/core/asr/text-normalizer.js';
import { transcribePcm } from '../../electron/core/asr/transcribe.js';
import { loadWhisper } from '../../electron/core/asr/whisper-model.js';
import { decodeToPcm, type DecodedAudio } from '../../electron/core/audio/decode.js';
import { chooseInferenceDevice } from '../../electron/core/models/inference-device.js';
import { applyModelLocation } from '../../electron/core/models/model-location.js';
import { readAsrReferences, sharedModelsDir } from '../support/shared-data.js';

/**
 * A LibriSpeech dev clip on which plain transformers.js Whisper (the library's ASR pipeline, same tiny
 * q8 weights) loops: "There never was a problem with a problem with a problem…" (found by running the
 * pipeline over the 181 English dev clips; compression ratio ~40). The worker's guards must give the
 * sentence instead.
 */
const clip = readAsrReferences().find((row) => row.file.endsWith('4830-25898-0000.flac'));
let workDir: string;
let audio: DecodedAudio;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asr-loop-'));
  if (clip === undefined) throw new Error('../shared/data/asr lacks 4830-25898-0000.flac');
  audio = await decodeToPcm(clip.file, path.join(workDir, 'clip.f32'), {
    ffmpeg: '/usr/bin/ffmpeg',
    maxDurationSec: 600,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('a clip that makes plain Whisper loop', () => {
  it('loops in the plain transformers.js pipeline (so this test can fail)', async () => {
    applyModelLocation({ modelDir: sharedModelsDir, allowRemoteModels: false });
    const plain = await pipeline('automatic-speech-recognition', 'Xenova/whisper-tiny', { dtype: 'q8' });
    const bytes = await readFile(audio.path);
    const samples = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    const output = (await plain(samples, { language: 'en', task: 'transcribe', chunk_length_s: 30 })) as {
      text: string;
    };
    await plain.dispose();
    expect(compressionRatio(output.text)).toBeGreaterThan(2.4);
  });

  it('gives the sentence, without a loop, through the worker', async () => {
    const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
    const recognizer = await loadWhisper({
      modelId: 'Xenova/whisper-tiny',
      modelDir: sharedModelsDir,
      allowRemoteModels: false,
      device,
    });
    const transcript = await transcribePcm(recognizer, audio, audio.frameRms, {
      language: 'en',
      signal: new AbortController().signal,
      onProgress: () => undefined,
      onSegment: () => undefined,
    });
    const words = transcript.segments.flatMap((segment) => segment.words);
    const text = transcript.segments.map((segment) => segment.text).join(' ');
    expect(compressionRatio(text)).toBeLessThan(2.4);
    expect(trimRepeatedPhrases(words)).toHaveLength(words.length);
    // The greedy pass loops, so the text comes from the fallback samples: measured 10 errors in 32 words
    // ("a problem with the Madam Club" for "a prouder mamma than Madam Cluck"); whisper.cpp makes 5.
    expect(errorRate(clip?.text ?? '', text, 'en')).toBeLessThan(0.4);
  });
});
