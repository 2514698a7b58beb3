import { describe, expect, it } from 'vitest';

import type { Word } from '../../../../electron/contract/meeting-result.js';
import { buildSegments } from '../../../../electron/core/asr/segment-builder.js';

const word = (text: string, start: number, end: number): Word => ({ text, start, end, speaker: null });

describe('buildSegments', () => {
  it('starts a new segment after a long pause', () => {
    const segments = buildSegments([word(' Hello', 0, 0.5), word(' there', 0.6, 1), word(' Next', 3, 3.4)]);
    expect(segments.map((segment) => segment.text)).toEqual(['Hello there', 'Next']);
    expect(segments[1]).toMatchObject({ start: 3, end: 3.4 });
  });

  it('closes a segment at a sentence end once it is long enough', () => {
    const words = [word(' We', 0, 0.5), word(' agreed.', 0.5, 2.5), word(' Then', 2.6, 3)];
    expect(buildSegments(words).map((segment) => segment.text)).toEqual(['We agreed.', 'Then']);
  });

  it('keeps every word, in order, with its own timing', () => {
    const words = Array.from({ length: 100 }, (_, index) => word(` w${index}`, index * 0.4, index * 0.4 + 0.3));
    const segments = buildSegments(words);
    expect(segments.flatMap((segment) => segment.words)).toEqual(words);
    for (const segment of segments) expect(segment.end - segment.start).toBeLessThanOrEqual(20);
  });

  it('joins CJK words without inventing spaces', () => {
    expect(buildSegments([word('今日', 0, 0.4), word('は', 0.4, 0.6)])[0]?.text).toBe('今日は');
  });
});
