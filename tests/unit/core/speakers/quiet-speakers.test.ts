import { describe, expect, it } from 'vitest';

import { speakerCountRules } from '../../../../electron/core/speakers/diarization/count-rules.js';
import { addQuietSpeakers, type HeardVoice } from '../../../../electron/core/speakers/diarization/quiet-speakers.js';
import { l2Normalise } from '../../../../electron/core/speakers/vectors.js';

const voice = (...values: number[]): Float32Array => l2Normalise(Float32Array.from(values));
const heard = (embedding: Float32Array, frames = 100): HeardVoice => ({ embedding, frames });
const unbounded = { min: 1, max: 20 };

describe('addQuietSpeakers', () => {
  const talkative = voice(1, 0, 0, 0);
  const other = voice(0, 1, 0, 0);
  const quiet = voice(0.1, 0.1, 1, 0);
  const talkativeAgain = voice(0.95, 0.1, 0, 0);
  // cosine 0.5 with `talkative`: alike enough to be a side of that person.
  const talkativeMumbling = voice(0.5, 0, 0, Math.sqrt(0.75));

  it('adds the voice least like every speaker found, up to the expected count', () => {
    const speakers = addQuietSpeakers([talkative, other], [heard(talkativeAgain), heard(quiet), heard(other)], {
      min: 3,
      max: 3,
    });
    expect(speakers).toEqual([talkative, other, quiet]);
  });

  it('keeps the speakers as they are when the count is already reached', () => {
    expect(addQuietSpeakers([talkative, other], [heard(quiet)], { min: 2, max: 2 })).toEqual([talkative, other]);
  });

  it('never adds a voice that is already a speaker, so a short meeting may stay below the count', () => {
    expect(addQuietSpeakers([talkative], [heard(talkative), heard(talkative)], { min: 3, max: 3 })).toEqual([
      talkative,
    ]);
  });

  it('starts from nothing when clustering found nobody', () => {
    expect(addQuietSpeakers([], [heard(quiet)], { min: 1, max: 1 })).toEqual([quiet]);
  });

  it('adds a voice unlike everyone found without a hint, when it holds enough of the speech', () => {
    const voices = [heard(talkative, 3000), heard(other, 2000), heard(quiet, 120)];
    expect(addQuietSpeakers([talkative, other], voices, unbounded)).toEqual([talkative, other, quiet]);
  });

  it('leaves out, without a hint, a voice alike to someone found', () => {
    const voices = [heard(talkative, 3000), heard(talkativeMumbling, 500)];
    expect(addQuietSpeakers([talkative], voices, unbounded)).toEqual([talkative]);
  });

  it('leaves out, without a hint, a distinct voice under 2 % of the speech or under half a second', () => {
    expect(addQuietSpeakers([talkative], [heard(talkative, 10_000), heard(quiet, 150)], unbounded)).toEqual([
      talkative,
    ]);
    expect(addQuietSpeakers([talkative], [heard(talkative, 100), heard(quiet, 40)], unbounded)).toEqual([talkative]);
  });

  it('follows the numbers of a rule the bench moves', () => {
    const rule = speakerCountRules.quietVoices;
    const voices = [heard(talkative, 3000), heard(quiet, 120)];
    expect(addQuietSpeakers([talkative], voices, unbounded, { ...rule, minFrames: 200 })).toEqual([talkative]);
    expect(addQuietSpeakers([talkative], voices, unbounded, { ...rule, minShare: 0.05 })).toEqual([talkative]);
    const mumbling = [heard(talkative, 3000), heard(talkativeMumbling, 500)];
    expect(addQuietSpeakers([talkative], mumbling, unbounded, { ...rule, distinctSimilarity: 0.6 })).toEqual([
      talkative,
      talkativeMumbling,
    ]);
  });

  it('never goes above the most speakers the meeting allows', () => {
    const voices = [heard(talkative, 3000), heard(other, 2000), heard(quiet, 2000)];
    expect(addQuietSpeakers([talkative], voices, { min: 1, max: 2 })).toEqual([talkative, other]);
  });
});
