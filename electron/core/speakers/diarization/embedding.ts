import type { FbankRecipe } from './fbank.js';

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
