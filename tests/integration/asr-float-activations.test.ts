import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { countErrors } from '../../electron/core/asr/text-normalizer.js';
import { transcribePcm } from '../../electron/core/asr/transcribe.js';
import { loadWhisper, type SpeechRecognizer } from '../../electron/core/asr/whisper-model.js';
import { decodeToPcm } from '../../electron/core/audio/decode.js';
import { chooseInferenceDevice } from '../../electron/core/models/inference-device.js';
import { readMessage, stringOf } from '../../electron/core/models/onnx-wire.js';
import { whisperCpuGraph } from '../../electron/core/models/whisper-cpu-graph.js';
import { readAsrReferences, sharedModelsDir } from '../support/shared-data.js';

const tinyDir = path.join(sharedModelsDir, 'Xenova', 'whisper-tiny', 'onnx');
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asr-float-'));
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** The initializers of the model's main graph: name → raw_data (as floatTensor writes them). */
function initializersOf(model: Uint8Array): Map<string, Uint8Array | undefined> {
  const graph = readMessage(model).find((f) => f.field === 7)?.value;
  const found = new Map<string, Uint8Array | undefined>();
  if (!(graph instanceof Uint8Array)) return found;
  for (const initializer of readMessage(graph).filter((f) => f.field === 5)) {
    const fields = readMessage(initializer.value as Uint8Array);
    const raw = fields.find((f) => f.field === 9)?.value;
    found.set(stringOf(fields.find((f) => f.field === 8)?.value ?? 0n), raw instanceof Uint8Array ? raw : undefined);
  }
  return found;
}

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
      const result = whisperCpuGraph(await readFile(path.join(tinyDir, file)));
      expect(result.rewritten).toBe(products);
      const text = Buffer.from(result.bytes);
      expect(text.includes('MatMulInteger')).toBe(false);
      expect(text.includes('ConvInteger')).toBe(false);
      if (file !== 'encoder_model_quantized.onnx') continue;
      const initializers = initializersOf(result.bytes);
      const conv1 = initializers.get('conv1.weight_quantized_float');
      // conv1's first int8 weight is 113, its zero point 115, its scale 0.0038239124…: (113 − 115) × scale.
      expect(conv1 === undefined ? null : Buffer.from(conv1).readFloatLE(0)).toBe(
        Math.fround((113 - 115) * Math.fround(0.0038239124696701765)),
      );
      // The int8 weight only the rewritten product read is gone from the copy.
      expect(initializers.has('conv1.weight_quantized')).toBe(false);
    }
  });

  it('makes fewer errors than 8-bit activations on the same weights (real English speech)', async () => {
    const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
    const request = { modelId: 'Xenova/whisper-tiny', modelDir: sharedModelsDir, allowRemoteModels: false, device };
    const floatRecognizer = await loadWhisper({ ...request, appCacheDir: workDir });
    expect(floatRecognizer.floatActivationsMissing).toBeNull();
    const float = await englishErrors(floatRecognizer, 10);
    const quantized = await englishErrors(await loadWhisper({ ...request, floatActivations: false }), 10);
    expect(float).toBeLessThan(quantized);
  }, 240_000);

  it('falls back to the 8-bit files, and says why, when the float copy cannot be written', async () => {
    const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
    const notAFolder = path.join(workDir, 'cache-is-a-file');
    await writeFile(notAFolder, 'not a folder');
    const recognizer = await loadWhisper({
      modelId: 'Xenova/whisper-tiny',
      modelDir: sharedModelsDir,
      allowRemoteModels: false,
      device,
      appCacheDir: notAFolder,
    });
    expect(recognizer.floatActivationsMissing).toMatch(/cache-is-a-file/);
    expect(recognizer.whisper).toBeDefined();
  }, 60_000);
});
