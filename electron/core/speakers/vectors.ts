/** Vector arithmetic on speaker embeddings, shared by diarization and identification. */

/** Compares two voices; higher means more likely one person (cosine, or s-norm on a calibrated model). */
export type VoiceScore = (a: Float32Array, b: Float32Array) => number;

/** Cosine similarity of two L2-normalised vectors. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot;
}

/** Scales a vector to unit length (a zero vector stays as it is). */
export function l2Normalise(vector: Float32Array): Float32Array {
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

/** Mean direction of L2-normalised vectors, normalised again. */
export function centroid(vectors: readonly Float32Array[], dimensions: number): Float32Array {
  const sum = new Float32Array(dimensions);
  for (const vector of vectors) for (let i = 0; i < dimensions; i++) sum[i] = (sum[i] ?? 0) + (vector[i] ?? 0);
  let norm = 0;
  for (const value of sum) norm += value * value;
  norm = Math.sqrt(norm);
  return norm === 0 ? sum : sum.map((value) => value / norm);
}

/** Index of the centroid most similar to `vector`. */
export function nearest(vector: Float32Array, centroids: readonly Float32Array[]): number {
  let best = 0;
  centroids.forEach((candidate, index) => {
    if (cosine(vector, candidate) > cosine(vector, centroids[best] ?? candidate)) best = index;
  });
  return best;
}
