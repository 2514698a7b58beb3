import { describe, expect, it } from 'vitest';

import { clusterEmbeddings } from '../../../../electron/core/speakers/diarization/clustering.js';
import { eigengapCount, spectralGroups } from '../../../../electron/core/speakers/diarization/spectral-clusters.js';
import { l2Normalise } from '../../../../electron/core/speakers/vectors.js';

/** Unit vectors around a few well separated directions, with small deterministic jitter. */
function voices(directions: number[], perVoice: number): Float32Array[] {
  return directions.flatMap((axis, voice) =>
    Array.from({ length: perVoice }, (_, i) => {
      const v = new Float32Array(8).fill(0.05 * ((i % 3) - 1));
      v[axis] = 1;
      v[(axis + 1) % 8] = 0.1 * ((i + voice) % 2);
      return l2Normalise(v);
    }),
  );
}

const sorted = (groups: number[][]): number[][] =>
  groups.map((g) => [...g].sort((a, b) => a - b)).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));

describe('eigengapCount', () => {
  it('takes the count after which the eigenvalues jump', () => {
    expect(eigengapCount([0, 0.01, 0.02, 3, 3.1, 3.2], 1, 10)).toBe(3);
    expect(eigengapCount([0, 4, 4.1, 4.2], 1, 10)).toBe(1);
  });

  it('stays within the bounds the meeting allows', () => {
    expect(eigengapCount([0, 0.01, 0.05, 3, 3.1], 1, 2)).toBe(2);
    expect(eigengapCount([0, 4, 4.1, 4.15], 2, 10)).toBe(2);
  });
});

describe('spectralGroups', () => {
  it('finds the number of voices from the eigengap and groups each voice whole', () => {
    const groups = spectralGroups(voices([0, 3, 6], 6), { min: 1, max: 20 });
    expect(sorted(groups)).toEqual([
      [0, 1, 2, 3, 4, 5],
      [6, 7, 8, 9, 10, 11],
      [12, 13, 14, 15, 16, 17],
    ]);
  });

  it('keeps one voice whole', () => {
    expect(spectralGroups(voices([2], 9), { min: 1, max: 20 })).toHaveLength(1);
  });

  it('gives the same groups on every run (no random start)', () => {
    const vectors = voices([0, 2, 4, 6], 5);
    expect(sorted(spectralGroups(vectors, { min: 1, max: 20 }))).toEqual(
      sorted(spectralGroups(vectors, { min: 1, max: 20 })),
    );
  });
});

describe("clusterEmbeddings with counting: 'spectral'", () => {
  it('ignores the threshold and labels each vector', () => {
    const labels = clusterEmbeddings(voices([0, 4], 6), {
      threshold: 1.5,
      bounds: { min: 1, max: 20 },
      counting: 'spectral',
    });
    expect(new Set(labels).size).toBe(2);
    expect(new Set(labels.slice(0, 6)).size).toBe(1);
  });
});
