import { describe, expect, it } from 'vitest';

import { endsInLoop } from '../../../../electron/core/asr/loop-stop.js';

const timestampBegin = 50_365;
const tokens = (...ids: number[]): bigint[] => ids.map(BigInt);
const phrase = [264, 1154, 365]; // three text tokens, e.g. " a problem with"

describe('endsInLoop (stop a decode that repeats itself)', () => {
  it('stops a phrase repeated back to back over 24 tokens', () => {
    const looping = tokens(50_258, 50_259, 50_359, ...Array.from({ length: 8 }, () => phrase).flat());
    expect(endsInLoop(looping, timestampBegin)).toBe(true);
  });

  it('ignores timestamp tokens between the repeats', () => {
    const repeats = Array.from({ length: 9 }, (_, index) => [...phrase, timestampBegin + index * 50]).flat();
    expect(endsInLoop(tokens(...repeats), timestampBegin)).toBe(true);
  });

  it('lets speech with short repetitions through ("no, no, no", a phrase said twice)', () => {
    expect(endsInLoop(tokens(400, 11, 400, 11, 400, 11, 400), timestampBegin)).toBe(false);
    const twice = [...phrase, ...phrase, 7, 8, 9, 10, 11, 12, 13, 14];
    expect(endsInLoop(tokens(...twice), timestampBegin)).toBe(false);
    expect(endsInLoop(tokens(...Array.from({ length: 40 }, (_, index) => 1000 + index)), timestampBegin)).toBe(false);
  });

  it('needs the repetition at the end, where decoding is now', () => {
    const earlier = [...Array.from({ length: 8 }, () => phrase).flat(), 900, 901, 902];
    expect(endsInLoop(tokens(...earlier), timestampBegin)).toBe(false);
  });
});
