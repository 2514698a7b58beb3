import { centroid, type VoiceScore } from '../vectors.js';

/** An attendee's stored voiceprint, used to steer clustering. */
export interface Anchor {
  speakerId: string;
  embedding: Float32Array;
}

function bestAnchor(
  centre: Float32Array,
  anchors: readonly Anchor[],
  score: VoiceScore,
  threshold: number,
): string | null {
  let best: string | null = null;
  let bestScore = threshold;
  for (const anchor of anchors) {
    const similarity = score(centre, anchor.embedding);
    if (similarity >= bestScore) [best, bestScore] = [anchor.speakerId, similarity];
  }
  return best;
}

/**
 * Clusters that both resemble the same attendee's voiceprint are one person split by channel or
 * mood: merge them (never below `minSpeakers`). Clusters matching no anchor are left alone.
 */
export function mergeAnchoredClusters(
  centroids: readonly Float32Array[],
  anchors: readonly Anchor[],
  minSpeakers: number,
  score: VoiceScore,
  /** At or above (on `score`'s scale): the cluster resembles the anchor (the suggest threshold). */
  threshold: number,
): Float32Array[] {
  if (anchors.length === 0) return [...centroids];
  const groups = new Map<string, Float32Array[]>();
  const loose: Float32Array[] = [];
  for (const centre of centroids) {
    const anchor = bestAnchor(centre, anchors, score, threshold);
    if (anchor === null) loose.push(centre);
    else groups.set(anchor, [...(groups.get(anchor) ?? []), centre]);
  }
  const merged = [...groups.values()].map((members) => centroid(members, members[0]?.length ?? 0));
  return merged.length + loose.length >= minSpeakers ? [...merged, ...loose] : [...centroids];
}
