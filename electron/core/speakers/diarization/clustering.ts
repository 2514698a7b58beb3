import { agnes, type Cluster } from 'ml-hclust';

import { centroid, cosine, nearest } from '../vectors.js';

import type { CountingMethod } from './count-rules.js';
import { spectralGroups } from './spectral-clusters.js';

/** Less of a meeting's speech than this is a cough, a laugh or a glitch, not a person of its own. */
export const minSpeakerShare = 0.02;

export interface SpeakerCountBounds {
  min: number;
  max: number;
}

export interface ClusteringOptions {
  /** Average-linkage cosine distance at which merging stops (calibrated on the dev set). */
  threshold: number;
  bounds: SpeakerCountBounds;
  /**
   * Agglomerative clustering is quadratic in memory: beyond this many embeddings an even sample is
   * clustered and the rest join their nearest centroid, so hours-long meetings stay bounded.
   */
  maxPoints?: number;
  /** Speech behind each vector (10 ms frames); clusters with too little of it are absorbed. */
  weights?: readonly number[];
  /** A cluster holding less than this share of all speech joins its nearest neighbour (default `minSpeakerShare`). */
  minShare?: number;
  /** Default agglomerative; spectral takes the count from the eigengap and ignores `threshold`. */
  counting?: CountingMethod;
}

function agglomerativeGroups(sample: readonly Float32Array[], options: ClusteringOptions): number[][] {
  const distances = sample.map((a) => sample.map((b) => Math.max(0, 1 - cosine(a, b))));
  const tree = agnes(distances, { method: 'average', isDistanceMatrix: true });
  return leafGroups(tree, options, sample.length);
}

function leafGroups(tree: Cluster, options: ClusteringOptions, n: number): number[][] {
  let groups = tree.cut(options.threshold);
  const min = Math.min(options.bounds.min, n);
  const max = Math.max(1, Math.min(options.bounds.max, n));
  if (groups.length > max) groups = tree.group(max).children;
  else if (groups.length < min) groups = tree.group(min).children;
  return groups.map((group) => (group.isLeaf ? [group.index] : group.indices()));
}

/**
 * A handful of odd embeddings (a cough, a laugh, a channel glitch) should not become a speaker:
 * clusters with under `minShare` of the speech join the nearest cluster, down to `min` clusters.
 */
function absorbSmallClusters(labels: number[], vectors: readonly Float32Array[], options: ClusteringOptions): number[] {
  const weights = options.weights ?? vectors.map(() => 1);
  const total = weights.reduce((sum, w) => sum + w, 0);
  const minWeight = total * (options.minShare ?? minSpeakerShare);
  const dimensions = vectors[0]?.length ?? 0;
  for (;;) {
    const clusters = [...new Set(labels)];
    if (clusters.length <= Math.max(1, options.bounds.min)) break;
    const weightOf = (k: number): number =>
      labels.reduce((sum, label, i) => sum + (label === k ? (weights[i] ?? 0) : 0), 0);
    const smallest = clusters.reduce((a, b) => (weightOf(b) < weightOf(a) ? b : a));
    if (weightOf(smallest) >= minWeight) break;
    const others = clusters.filter((k) => k !== smallest);
    const centres = others.map((k) =>
      centroid(
        vectors.filter((_, i) => labels[i] === k),
        dimensions,
      ),
    );
    const own = centroid(
      vectors.filter((_, i) => labels[i] === smallest),
      dimensions,
    );
    const target = others[nearest(own, centres)] ?? 0;
    labels = labels.map((label) => (label === smallest ? target : label));
  }
  const renumber = new Map([...new Set(labels)].map((k, index) => [k, index] as const));
  return labels.map((label) => renumber.get(label) ?? 0);
}

/**
 * Agglomerative clustering (ml-hclust, average linkage on cosine distance): a speaker count falls
 * out of the threshold, clamped to the bounds a meeting's hint gives; or spectral clustering
 * (`counting: 'spectral'`, spectral-clusters.ts) within the same bounds. Returns a cluster per vector.
 */
export function clusterEmbeddings(vectors: readonly Float32Array[], options: ClusteringOptions): number[] {
  if (vectors.length <= 1) return vectors.map(() => 0);
  const maxPoints = options.maxPoints ?? 800;
  const stride = Math.max(1, Math.ceil(vectors.length / maxPoints));
  const sample = vectors.filter((_, index) => index % stride === 0);
  const groups =
    options.counting === 'spectral'
      ? spectralGroups(sample, { min: Math.min(options.bounds.min, sample.length), max: options.bounds.max })
      : agglomerativeGroups(sample, options);
  const dimensions = vectors[0]?.length ?? 0;
  const centroids = groups.map((members) =>
    centroid(
      members.map((i) => sample[i] ?? new Float32Array(0)),
      dimensions,
    ),
  );
  const labels = vectors.map((vector) => nearest(vector, centroids));
  if (stride === 1) groups.forEach((members, cluster) => members.forEach((i) => (labels[i] = cluster)));
  return absorbSmallClusters(labels, vectors, options);
}
