/** A sparse TF-IDF vector: content-word key → weight, plus its precomputed length. */
export interface TermVector {
  weights: Map<string, number>;
  norm: number;
}

/** TF-IDF vectors of sentences given as content-word keys; IDF is computed over these sentences. */
export function termVectors(sentences: readonly (readonly string[])[]): TermVector[] {
  const documentFrequency = new Map<string, number>();
  for (const keys of sentences) {
    for (const key of new Set(keys)) documentFrequency.set(key, (documentFrequency.get(key) ?? 0) + 1);
  }
  return sentences.map((keys) => {
    const weights = new Map<string, number>();
    for (const key of keys) weights.set(key, (weights.get(key) ?? 0) + 1);
    for (const [key, count] of weights) {
      const idf = Math.log((1 + sentences.length) / (1 + (documentFrequency.get(key) ?? 0))) + 1;
      weights.set(key, count * idf);
    }
    const norm = Math.sqrt([...weights.values()].reduce((sum, weight) => sum + weight * weight, 0));
    return { weights, norm };
  });
}

export function cosine(a: TermVector, b: TermVector): number {
  if (a.norm === 0 || b.norm === 0) return 0;
  const [small, large] = a.weights.size <= b.weights.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [key, weight] of small.weights) dot += weight * (large.weights.get(key) ?? 0);
  return dot / (a.norm * b.norm);
}

const damping = 0.85;
const iterations = 40;

/**
 * Continuous LexRank (Erkan & Radev 2004): PageRank over the sentence-similarity graph, so a
 * sentence ranks high when many other sentences say something like it. Quadratic in the number of
 * sentences, which is why long meetings are ranked window by window.
 */
export function centralityScores(vectors: readonly TermVector[]): number[] {
  const count = vectors.length;
  if (count === 0) return [];
  const edges: { to: number; weight: number }[][] = vectors.map(() => []);
  const outWeight = new Array<number>(count).fill(0);
  for (let i = 0; i < count; i += 1) {
    for (let j = i + 1; j < count; j += 1) {
      const similarity = cosine(vectors[i] as TermVector, vectors[j] as TermVector);
      if (similarity <= 0.05) continue;
      edges[i]?.push({ to: j, weight: similarity });
      edges[j]?.push({ to: i, weight: similarity });
      outWeight[i] = (outWeight[i] ?? 0) + similarity;
      outWeight[j] = (outWeight[j] ?? 0) + similarity;
    }
  }
  let scores = new Array<number>(count).fill(1 / count);
  for (let round = 0; round < iterations; round += 1) {
    const next = new Array<number>(count).fill((1 - damping) / count);
    for (let i = 0; i < count; i += 1) {
      const share = (scores[i] ?? 0) / (outWeight[i] ?? 1);
      for (const edge of edges[i] ?? []) next[edge.to] = (next[edge.to] ?? 0) + damping * share * edge.weight;
    }
    scores = next;
  }
  return scores;
}
