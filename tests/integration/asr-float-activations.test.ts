import { readFile, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { countErrors } from '../../electron/core/asr/text-normalizer.js';
import { transcribePcm } from '../../electron/core/asr/transcribe.js';
import { loadWhisper, type SpeechRecognizer } from '../../electron/core/asr/whisper-model.js';
import { decodeToPcm } from '../../electron/core/audio/decode.js';
import { withFloatActivations } from '../../electron/core/models/float-activations.js';
import { chooseInferenceDevice } from '../../electron/core/models/inference-device.js';
import { readAsrReferences, sharedModelsDir } from '../support/shared-data.js';

const tinyDir = path.join(sharedModelsDir, 'Xenova', 'whisper-tiny', 'onnx');
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asr-float-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

async function englishErrors(recognizer: SpeechRecognizer, clips: number): Promise<number> {
  let edits = 0;
  for (const row of readAsrReferences()
    .filter((r) => r.language === 'en')
    .slice(0, clips)) {
    const audio = await decodeToPcm(row.file, path.join(workDir, 'clip.f32'), {
      ffmpeg: process.env['FFMPEG_PATH'] ?? 'ffmpeg',
      maxDurationSec: 600,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const transcript = await transcribePcm(recognizer, audio, audio.frameRms, {
      language: 'en',
      signal: new AbortController().signal,
      onProgress: () => undefined,
      onSegment: () => undefined,
    });
    edits += countErrors(row.text, transcript.segments.map((s) => s.text).join(' '), 'en', 'whisper').edits;
  }
  return edits;
}

describe('float activations for the q8 Whisper files on the CPU', () => {
  it('rewrites every quantized product of the real tiny encoder and decoder (If-branches included)', async () => {
    for (const [file, products] of [
      ['encoder_model_quantized.onnx', 26],
      ['decoder_model_merged_quantized.onnx', 72],
    ] as const) {
      const result = withFloatActivations(await readFile(path.join(tinyDir, file)));
      expect(result.rewritten).toBe(products);
      const text = Buffer.from(result.bytes);
      expect(text.includes('MatMulInteger')).toBe(false);
      expect(text.includes('ConvInteger')).toBe(false);
    }
  });

  it('makes fewer errors than 8-bit activations on the same weights (real English speech)', async () => {
    const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
    const request = { modelId: 'Xenova/whisper-tiny', modelDir: sharedModelsDir, allowRemoteModels: false, device };
    const float = await englishErrors(await loadWhisper({ ...request, appCacheDir: workDir }), 10);
    const quantized = await englishErrors(await loadWhisper({ ...request, floatActivations: false }), 10);
    expect(float).toBeLessThan(quantized);
  }, 240_000);
});
