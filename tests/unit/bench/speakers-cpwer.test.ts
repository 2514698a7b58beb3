import { describe, expect, it } from 'vitest';

import { concatenatedMinimumPermutationWer } from '../../bench/speakers-cpwer.js';

const reference = new Map([
  ['FEE013', 'the remote needs fewer buttons'],
  ['MEO015', 'maybe an lcd display'],
]);

describe('concatenatedMinimumPermutationWer', () => {
  it('is zero when each speaker says exactly their words, whatever the labels', () => {
    const result = concatenatedMinimumPermutationWer(
      reference,
      new Map([
        ['S1', 'maybe an lcd display'],
        ['S2', 'The remote needs fewer buttons.'],
      ]),
    );
    expect(result.cpwer).toBe(0);
    expect(result.mapping).toEqual(
      new Map([
        ['FEE013', 'S2'],
        ['MEO015', 'S1'],
      ]),
    );
  });

  it('counts words given to the wrong speaker as deleted there and inserted here', () => {
    const result = concatenatedMinimumPermutationWer(
      reference,
      new Map([
        ['S1', 'the remote needs fewer buttons maybe'],
        ['S2', 'an lcd display'],
      ]),
    );
    expect(result.edits).toBe(2);
    expect(result.referenceWords).toBe(9);
  });

  it('charges a speaker nobody found with all of their words, and an invented one with all of its', () => {
    const missing = concatenatedMinimumPermutationWer(reference, new Map([['S1', 'maybe an lcd display']]));
    expect(missing.edits).toBe(5);
    expect(missing.mapping.get('FEE013')).toBeNull();
    const extra = concatenatedMinimumPermutationWer(
      reference,
      new Map([
        ['S1', 'maybe an lcd display'],
        ['S2', 'the remote needs fewer buttons'],
        ['S3', 'uh huh'],
      ]),
    );
    expect(extra.edits).toBe(2);
  });
});
