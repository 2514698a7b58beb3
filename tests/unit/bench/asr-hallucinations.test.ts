import { describe, expect, it } from 'vitest';

import { countSuspects, findSuspects, type BenchSegment } from '../../bench/asr-hallucinations.js';

const segment = (start: number, end: number, text: string, origin: BenchSegment['origin'] = 'first pass') => ({
  start,
  end,
  text,
  origin,
});

describe('findSuspects (issue 19: words that were never said)', () => {
  it('finds the issue example: a closing "Thank you." inside the sentence before it, from a re-read tail', () => {
    const suspects = findSuspects(
      'YOU WILL DRIVE ME WITH THE ACTUAL HANDLE',
      [segment(0.88, 3.62, 'you will drive me with the actual handle'), segment(2.96, 3.54, 'Thank you.', 'tail')],
      'en',
    );
    expect(suspects.map((s) => [s.kind, s.origin])).toEqual([
      ['overlap', 'tail'],
      ['stock phrase', 'tail'],
    ]);
    expect(countSuspects(suspects)).toEqual({
      overlap: { total: 1, tail: 1 },
      'stock phrase': { total: 1, tail: 1 },
      'short word': { total: 0 },
    });
  });

  it('leaves a stock phrase or a short word that the reference contains, and segments that only touch', () => {
    const suspects = findSuspects(
      'THANK YOU SAID THE MAN BUT NO',
      [segment(0, 1, 'Thank you,'), segment(1, 2, 'said the man.'), segment(2.01, 2.5, 'But no.')],
      'en',
    );
    expect(suspects).toEqual([]);
  });

  it('counts a lone short word that was never said, by where it came from', () => {
    const suspects = findSuspects(
      'A LONG SENTENCE',
      [segment(0, 2, 'A long sentence.'), segment(3, 3.4, 'Oh!', 'fallback'), segment(4, 4.3, 'Hm.', 'tail')],
      'en',
    );
    expect(suspects.map((s) => [s.kind, s.origin, s.text])).toEqual([
      ['stock phrase', 'fallback', 'Oh!'],
      ['short word', 'tail', 'Hm.'],
    ]);
  });
});
