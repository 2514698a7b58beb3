import { describe, expect, it } from 'vitest';

import { matchLikelihood } from '../../../renderer/components/match-likelihood.js';

describe('matchLikelihood', () => {
  it('says "likely" in the lower half of the suggestion band and "very likely" in the upper', () => {
    expect([2.5, 2.7, 2.99, 3, 3.1, 3.49].map(matchLikelihood)).toEqual([
      'likely',
      'likely',
      'likely',
      'very likely',
      'very likely',
      'very likely',
    ]);
  });
});
