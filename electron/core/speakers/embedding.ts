import { fbankBins, type FbankRecipe } from './fbank.js';
import { openOnnxSession, runFloat32, type OnnxSession, type SessionPlacement } from './onnx-session.js';
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
  /** The fbank the model was trained on; `embed` takes it mean-normalised. */
  fbank: FbankRecipe;
  /** Mean-normalised fbank [frames, 80] in, L2-normalised embedding out (192-d for CAM++). */
  embed(feats: Float32Array): Promise<Float32Array>;
}

export function l2Normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** An fbank embedding model on ONNX Runtime: one item per run, because zero-padding a batch changes the embedding. */
export async function openSpeakerEmbedder(
  model: SpeakerModelFile,
  placement: SessionPlacement,
): Promise<SpeakerEmbedder> {
  const session: OnnxSession = await openOnnxSession(model, placement);
  return {
    modelId: model.id,
    fbank: model.fbank,
    async embed(feats) {
      const frames = feats.length / fbankBins;
      const input = { name: model.input, data: feats, dims: [1, frames, fbankBins] };
      const output = await runFloat32(session, input, model.output);
      return l2Normalise(Float32Array.from(output.data));
    },
  };
}
