import { describe, expect, it } from 'vitest';

import { l2Normalise } from '../../../../electron/core/speakers/embedding.js';
import { addQuietSpeakers } from '../../../../electron/core/speakers/quiet-speakers.js';

const voice = (...values: number[]): Float32Array => l2Normalise(Float32Array.from(values));

describe('addQuietSpeakers', () => {
  const talkative = voice(1, 0, 0, 0);
  const other = voice(0, 1, 0, 0);
  const quiet = voice(0.1, 0.1, 1, 0);
  const talkativeAgain = voice(0.95, 0.1, 0, 0);

  it('adds the voice least like every speaker found, up to the expected count', () => {
    const speakers = addQuietSpeakers([talkative, other], [talkativeAgain, quiet, other], 3);
    expect(speakers).toEqual([talkative, other, quiet]);
  });

  it('keeps the speakers as they are when the count is already reached', () => {
    expect(addQuietSpeakers([talkative, other], [quiet], 2)).toEqual([talkative, other]);
  });

  it('never adds a voice that is already a speaker, so a short meeting may stay below the count', () => {
    expect(addQuietSpeakers([talkative], [talkative, talkative], 3)).toEqual([talkative]);
  });

  it('starts from nothing when clustering found nobody', () => {
    expect(addQuietSpeakers([], [quiet], 1)).toEqual([quiet]);
  });
});
