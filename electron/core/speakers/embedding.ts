import { fbankBins } from './fbank.js';
import { openOnnxSession, runFloat32, type OnnxSession } from './onnx-session.js';
import type { SpeakerModelFile } from './speaker-models.js';

/**
 * A quarter second (25 fbank frames, about one short word) is the least speech that gets an
 * embedding. Such embeddings are noisy, so they only join speakers that longer, overlap-free turns
 * founded (see diarize.ts); without one, that speech had no speaker at all and counted as missed.
 */
export const minEmbeddingFrames = 25;

export interface SpeakerEmbedder {
  /** The manifest id; voiceprints from any other id are never compared with this model's output. */
  modelId: string;
  /** Mean-normalised fbank [frames, 80] in, L2-normalised 192-d embedding out. */
  embed(feats: Float32Array): Promise<Float32Array>;
}

export function l2Normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** CAM++ on ONNX Runtime: one item per run, because zero-padding a batch changes the embedding. */
export async function openSpeakerEmbedder(model: SpeakerModelFile, threads: number): Promise<SpeakerEmbedder> {
  const session: OnnxSession = await openOnnxSession(model, threads);
  return {
    modelId: model.id,
    async embed(feats) {
      const frames = feats.length / fbankBins;
      const output = await runFloat32(session, { name: 'feats', data: feats, dims: [1, frames, fbankBins] }, 'embs');
      return l2Normalise(Float32Array.from(output.data));
    },
  };
}
