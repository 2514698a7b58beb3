import { cosine } from '../vectors.js';

/**
 * Maps a chunk's local speakers to distinct global speakers, maximising total similarity: two people
 * the segmentation model told apart in one chunk are never merged into one label. At most 3 local
 * speakers, so trying every injective mapping is cheap (K·(K-1)·(K-2) cases).
 */
export function assignLocalSpeakers(
  embeddings: readonly (Float32Array | null)[],
  centroids: readonly Float32Array[],
): (number | null)[] {
  const scores = embeddings.map((embedding) =>
    embedding === null ? null : centroids.map((centre) => cosine(embedding, centre)),
  );
  let best: (number | null)[] = embeddings.map(() => null);
  let bestScore = -Infinity;
  const current: (number | null)[] = [];
  const used = new Set<number>();
  const visit = (position: number, total: number): void => {
    if (position === scores.length) {
      if (total > bestScore) [bestScore, best] = [total, [...current]];
      return;
    }
    const row = scores[position];
    if (row === null || row === undefined) {
      current[position] = null;
      visit(position + 1, total);
      return;
    }
    row.forEach((score, speaker) => {
      if (used.has(speaker)) return;
      used.add(speaker);
      current[position] = speaker;
      visit(position + 1, total + score);
      used.delete(speaker);
    });
    // Leaving a local speaker out is always allowed: with fewer global speakers than local ones, the
    // least similar local speaker is the one to drop.
    current[position] = null;
    visit(position + 1, total);
  };
  visit(0, 0);
  return best;
}
