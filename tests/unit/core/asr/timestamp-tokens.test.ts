import { describe, expect, it } from 'vitest';

import { dropEmptySegments } from '../../../../electron/core/asr/timestamp-tokens.js';

const begin = 50_365;
const endOfText = 50_257;
const english = 50_259;
const at = (seconds: number): number => begin + Math.round(seconds / 0.02);

function run(ids: number[]): number[] {
  // Each token's "time" is its position, so each kept token must come out with its own.
  const out = dropEmptySegments(
    ids.map(BigInt),
    ids.map((_, index) => index),
    { timestampBegin: begin, endOfText },
  );
  out.tokens.forEach((token, index) => expect(ids[out.times[index] ?? -1]).toBe(Number(token)));
  return out.tokens.map(Number);
}

describe('dropEmptySegments (a sampled decode that closes a segment it never filled)', () => {
  it('keeps ordinary segments untouched', () => {
    const ids = [at(0), 400, 401, at(1.2), at(1.2), 402, at(2)];
    expect(run(ids)).toEqual(ids);
  });

  it('drops an empty segment between two filled ones', () => {
    expect(run([at(0), 400, at(1), at(1), at(1.5), at(1.5), 401, at(2)])).toEqual([
      at(0),
      400,
      at(1),
      at(1.5),
      401,
      at(2),
    ]);
  });

  it('drops an empty segment at the start and keeps the text after it', () => {
    expect(run([at(0), at(0.4), at(0.4), 400, at(1)])).toEqual([at(0.4), 400, at(1)]);
  });

  it('counts a segment holding only special tokens as empty', () => {
    expect(run([at(0), 400, at(1), at(1), english, at(1.5), at(1.5), 401, at(2)])).toEqual([
      at(0),
      400,
      at(1),
      english,
      at(1.5),
      401,
      at(2),
    ]);
  });

  it('leaves a sequence of text without timestamps alone', () => {
    expect(run([400, 401, 402])).toEqual([400, 401, 402]);
  });
});
