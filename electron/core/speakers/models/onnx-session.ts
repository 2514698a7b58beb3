import * as ort from 'onnxruntime-node';

import { readVerifiedModel, type SpeakerModelFile } from './model-files.js';

export type OnnxSession = ort.InferenceSession;

/** An ONNX Runtime GPU backend the speaker models can share with Whisper. */
export interface GpuProvider {
  name: 'cuda' | 'dml';
  deviceId: number;
}

/** Where a speaker model runs: a GPU (operators it lacks fall back to the CPU), or the CPU alone. */
export interface SessionPlacement {
  threads: number;
  gpu: GpuProvider | null;
}

/**
 * Opens a hash-checked model. Speaker models are small (34 MB together) and run on short windows;
 * `threads` leaves CPU cores to Whisper.
 */
export async function openOnnxSession(model: SpeakerModelFile, placement: SessionPlacement): Promise<OnnxSession> {
  const bytes = await readVerifiedModel(model);
  return ort.InferenceSession.create(bytes, {
    executionProviders: placement.gpu === null ? ['cpu'] : [placement.gpu, 'cpu'],
    intraOpNumThreads: placement.threads,
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
