import * as ort from 'onnxruntime-node';

import { readVerifiedModel, type SpeakerModelFile } from './speaker-models.js';

export type OnnxSession = ort.InferenceSession;

/**
 * Opens a hash-checked model on the CPU. Speaker models are small (34 MB together) and run on short
 * windows, so the CPU keeps them fast on every machine; `intraOpThreads` leaves cores to Whisper.
 */
export async function openOnnxSession(model: SpeakerModelFile, intraOpThreads: number): Promise<OnnxSession> {
  const bytes = await readVerifiedModel(model);
  return ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: intraOpThreads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
}

/** Runs a session with one float32 input and returns the named float32 output (null: the first). */
export async function runFloat32(
  session: OnnxSession,
  input: { name: string; data: Float32Array; dims: number[] },
  wanted: string | null,
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const feeds = { [input.name]: new ort.Tensor('float32', input.data, input.dims) };
  const outputs = await session.run(feeds);
  const outputName = wanted ?? session.outputNames[0] ?? '';
  const output = outputs[outputName];
  if (output?.type !== 'float32') throw new Error(`The model gave no float32 output named ${outputName}`);
  const data = output.data as Float32Array;
  return { data, dims: output.dims };
}
