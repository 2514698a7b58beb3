import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { transcribePcm } from '../../electron/core/asr/transcribe.js';
import { tuneWhisperDecoding } from '../../electron/core/asr/whisper-fast-path-check.js';
import type { SpeechRecognizer } from '../../electron/core/asr/whisper-model.js';
import { decodeToPcm, type DecodedAudio } from '../../electron/core/audio/decode.js';
import { SileroVad } from '../../electron/core/audio/vad.js';
import { chooseInferenceDevice, type InferenceDevice } from '../../electron/core/models/inference-device.js';
import { applyModelLocation } from '../../electron/core/models/model-location.js';
import { sampleRecording, sharedModelsDir } from '../support/shared-data.js';

/**
 * The fast path patches transformers.js internals (whisper-fast-path.ts). These tests load the real
 * tiny export and check what the start-up check promises: on when it gives the same text, off (with
 * the reason) when an assumption fails. Where the failure needs an onnxruntime or transformers.js
 * that behaves differently from the pinned ones, the real session is altered in the one place the
 * test names.
 */
type Run = (feeds: Record<string, unknown>, ...rest: unknown[]) => Promise<Record<string, { data: Float32Array }>>;
interface Internals {
  forward_params?: string[];
  sessions: { decoder_model_merged: { run: Run } };
}

let workDir: string;
let device: InferenceDevice;
let sample: DecodedAudio;
let vad: SileroVad;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'whisper-fast-path-'));
  device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
  sample = await decodeToPcm(sampleRecording.file, path.join(workDir, 'sample.f32'), {
    ffmpeg: process.env['FFMPEG_PATH'] ?? 'ffmpeg',
    maxDurationSec: 600,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
  vad = await SileroVad.load(path.join(sharedModelsDir, 'silero', 'silero_vad.onnx'));
  applyModelLocation({ modelDir: sharedModelsDir, allowRemoteModels: false });
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** A fresh tiny pipeline, as transformers.js loads it (no fast path). */
const freshTiny = (): Promise<AutomaticSpeechRecognitionPipeline> =>
  pipeline('automatic-speech-recognition', 'Xenova/whisper-tiny', { dtype: 'q8', device: 'cpu' });
const internals = (asr: AutomaticSpeechRecognitionPipeline) => (asr as unknown as { model: Internals }).model;

async function textOf(whisper: AutomaticSpeechRecognitionPipeline): Promise<string> {
  const recognizer: SpeechRecognizer = {
    whisper,
    vad,
    modelId: 'Xenova/whisper-tiny',
    device,
    floatActivationsMissing: null,
    fastPathMissing: null,
  };
  const transcript = await transcribePcm(recognizer, sample, sample.frameRms, {
    language: 'en',
    signal: new AbortController().signal,
    onProgress: () => undefined,
    onSegment: () => undefined,
  });
  return transcript.segments.map((segment) => segment.text).join(' ');
}

describe('the Whisper decoding fast path, checked at load', () => {
  it('turns on for the real tiny export and leaves the text as it was', async () => {
    const plain = await freshTiny();
    const tuned = await freshTiny();
    const unpatchedRun = internals(tuned).sessions.decoder_model_merged.run;
    expect(await tuneWhisperDecoding(tuned)).toBeNull();
    expect(internals(tuned).sessions.decoder_model_merged.run).not.toBe(unpatchedRun);
    expect(internals(tuned).forward_params).toContain('encoder_outputs');
    const text = await textOf(tuned);
    expect(text).toMatch(/stew for dinner/i);
    expect(text).toBe(await textOf(plain));
  });

  it('stays off, and says why, when a cached step with fewer outputs would give other logits', async () => {
    const asr = await freshTiny();
    const decoder = internals(asr).sessions.decoder_model_merged;
    const real = decoder.run.bind(decoder);
    // Stands in for an onnxruntime whose run(feeds, outputNames) computes differently from run(feeds).
    const skewed: Run = async (feeds, ...rest) => {
      const results = await real(feeds, ...rest);
      const logits = results['logits'];
      if (rest.length > 0 && logits !== undefined) logits.data[0] = (logits.data[0] ?? 0) + 1;
      return results;
    };
    decoder.run = skewed;
    expect(await tuneWhisperDecoding(asr)).toMatch(
      /a cached decoder step gave other logits \(largest difference 1\.00\)/,
    );
    expect(decoder.run).toBe(skewed);
    expect(internals(asr).forward_params).not.toContain('encoder_outputs');
  });

  it('stays off, and says why, when transformers.js has no forward_params list to extend', async () => {
    const asr = await freshTiny();
    const model = internals(asr);
    const decoderRun = model.sessions.decoder_model_merged.run;
    delete model.forward_params;
    expect(await tuneWhisperDecoding(asr)).toBe('transformers.js has no forward_params list on the model');
    expect(model.sessions.decoder_model_merged.run).toBe(decoderRun);
  });
});
