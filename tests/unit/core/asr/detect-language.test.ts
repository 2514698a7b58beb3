import { describe, expect, it } from 'vitest';

import { voteLanguage } from '../../../../electron/core/asr/detect-language.js';

describe('voteLanguage', () => {
  it('lets long confident windows outvote a short noisy one', () => {
    const decision = voteLanguage([
      {
        probabilities: new Map([
          ['de', 0.8],
          ['nl', 0.2],
        ]),
        speechSec: 28,
      },
      {
        probabilities: new Map([
          ['nl', 0.9],
          ['de', 0.1],
        ]),
        speechSec: 2,
      },
      {
        probabilities: new Map([
          ['de', 0.6],
          ['en', 0.4],
        ]),
        speechSec: 25,
      },
    ]);
    expect(decision.language).toBe('de');
    expect(decision.confidence).toBeGreaterThan(0.6);
  });

  it('falls back with zero confidence when there was no speech to vote', () => {
    expect(voteLanguage([], 'fr')).toEqual({ language: 'fr', confidence: 0 });
  });
});
