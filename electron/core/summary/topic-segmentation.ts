import { cosine, termVectors, type TermVector } from './sentence-ranking.js';

/** A topic: a run of sentences, as positions [start, end) in the list given. */
export interface TopicSpan {
  start: number;
  end: number;
}

export interface TopicOptions {
  /** Sentences on each side of a gap that are compared (TextTiling's block size). */
  blockSize: number;
  /** No topic shorter than this many sentences. */
  minTopicSentences: number;
  /** A gap is a boundary candidate when its depth exceeds the mean by this many standard deviations. */
  depthCutoff: number;
}

function blockVector(vectors: readonly TermVector[], from: number, to: number): TermVector {
  const weights = new Map<string, number>();
  for (let i = Math.max(0, from); i < Math.min(vectors.length, to); i += 1) {
    for (const [key, weight] of vectors[i]?.weights ?? []) weights.set(key, (weights.get(key) ?? 0) + weight);
  }
  const norm = Math.sqrt([...weights.values()].reduce((sum, weight) => sum + weight * weight, 0));
  return { weights, norm };
}

/** How deep the similarity valley at each gap is, against the highest points either side of it. */
function depthScores(similarity: readonly number[]): number[] {
  return similarity.map((value, gap) => {
    let left = value;
    for (let i = gap - 1; i >= 0 && (similarity[i] ?? 0) >= left; i -= 1) left = similarity[i] ?? left;
    let right = value;
    for (let i = gap + 1; i < similarity.length && (similarity[i] ?? 0) >= right; i += 1)
      right = similarity[i] ?? right;
    return left - value + (right - value);
  });
}

/**
 * Topic boundaries by TextTiling (Hearst 1997): the vocabulary of the sentences before a gap is
 * compared with that after it, and a gap where similarity drops deeply between two higher points
 * starts a new topic. Linear in the number of sentences, so a three-hour meeting costs little.
 * `keys` are each sentence's content-word keys; `maxTopics` caps the count (deepest valleys win).
 */
export function segmentTopics(
  keys: readonly (readonly string[])[],
  maxTopics: number,
  { blockSize, minTopicSentences, depthCutoff }: TopicOptions,
): TopicSpan[] {
  const count = keys.length;
  if (count < 2 * minTopicSentences) return count === 0 ? [] : [{ start: 0, end: count }];
  const vectors = termVectors(keys);
  const similarity: number[] = [];
  for (let gap = 1; gap < count; gap += 1) {
    similarity.push(cosine(blockVector(vectors, gap - blockSize, gap), blockVector(vectors, gap, gap + blockSize)));
  }
  // Smooth over three gaps so that one odd sentence does not make a valley.
  const smoothed = similarity.map(
    (_, i) =>
      ((similarity[i - 1] ?? similarity[i] ?? 0) + (similarity[i] ?? 0) + (similarity[i + 1] ?? similarity[i] ?? 0)) /
      3,
  );
  const depths = depthScores(smoothed);
  const mean = depths.reduce((sum, depth) => sum + depth, 0) / depths.length;
  const spread = Math.sqrt(depths.reduce((sum, depth) => sum + (depth - mean) ** 2, 0) / depths.length);
  const candidates = depths
    .map((depth, index) => ({ depth, boundary: index + 1 }))
    .filter((entry) => entry.depth > mean + depthCutoff * spread)
    .sort((a, b) => b.depth - a.depth);
  const boundaries: number[] = [];
  for (const { boundary } of candidates) {
    if (boundaries.length + 1 >= maxTopics) break;
    const tooClose = [0, count, ...boundaries].some((other) => Math.abs(other - boundary) < minTopicSentences);
    if (!tooClose) boundaries.push(boundary);
  }
  const edges = [0, ...boundaries.sort((a, b) => a - b), count];
  return edges.slice(1).map((end, index) => ({ start: edges[index] ?? 0, end }));
}
