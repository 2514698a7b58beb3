import { describe, expect, it } from 'vitest';

import { centralityScores, cosine, termVectors } from '../../../../electron/core/summary/sentence-ranking.js';

describe('sentence ranking', () => {
  it('ranks the sentence that shares most with the others highest', () => {
    const vectors = termVectors([
      ['remot', 'contr', 'butto'],
      ['remot', 'contr', 'displ', 'menus'],
      ['displ', 'menus', 'phone'],
      ['lunch', 'today'],
    ]);
    const scores = centralityScores(vectors);
    const best = scores.indexOf(Math.max(...scores));
    expect(best).toBe(1);
    expect(scores[3]).toBe(Math.min(...scores));
    expect(cosine(vectors[0]!, vectors[3]!)).toBe(0);
    expect(cosine(vectors[1]!, vectors[1]!)).toBeCloseTo(1);
  });

  it('handles no sentences and sentences without content words', () => {
    expect(centralityScores([])).toEqual([]);
    expect(centralityScores(termVectors([[], []]))).toHaveLength(2);
  });
});
