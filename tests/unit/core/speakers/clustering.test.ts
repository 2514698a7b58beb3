import { describe, expect, it } from 'vitest';

import { clusterEmbeddings } from '../../../../electron/core/speakers/diarization/clustering.js';
import { cosine, l2Normalise } from '../../../../electron/core/speakers/vectors.js';

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

describe('clusterEmbeddings', () => {
  it('finds the number of voices by itself', () => {
    const labels = clusterEmbeddings(voices([0, 3, 6], 5), { threshold: 0.5, bounds: { min: 1, max: 20 } });
    expect(new Set(labels).size).toBe(3);
    expect(new Set(labels.slice(0, 5)).size).toBe(1);
    expect(labels[0]).not.toBe(labels[5]);
  });

  it('obeys a fixed count from the meeting hint', () => {
    const vectors = voices([0, 3, 6], 5);
    expect(new Set(clusterEmbeddings(vectors, { threshold: 0.5, bounds: { min: 2, max: 2 } })).size).toBe(2);
    expect(new Set(clusterEmbeddings(vectors, { threshold: 1.5, bounds: { min: 3, max: 3 } })).size).toBe(3);
  });

  it('folds a voice with almost no speech into its nearest neighbour', () => {
    const vectors = voices([0, 4], 6);
    const weights = vectors.map((_, i) => (i === 11 ? 1 : 100));
    vectors[11] = l2Normalise(Float32Array.from([0.6, 0, 0, 0, 0, 0, 0.8, 0]));
    const labels = clusterEmbeddings(vectors, { threshold: 0.3, bounds: { min: 1, max: 20 }, weights });
    expect(new Set(labels).size).toBe(2);
    const first = vectors.at(0);
    const odd = vectors.at(11);
    if (first === undefined || odd === undefined) throw new Error('twelve vectors expected');
    expect(cosine(odd, first)).toBeGreaterThan(0.5);
    expect(labels[11]).toBe(labels[0]);
  });

  it('keeps memory bounded on long meetings by clustering a sample', () => {
    const labels = clusterEmbeddings(voices([0, 5], 300), {
      threshold: 0.5,
      bounds: { min: 1, max: 20 },
      maxPoints: 100,
    });
    expect(labels).toHaveLength(600);
    expect(new Set(labels).size).toBe(2);
  });
});
