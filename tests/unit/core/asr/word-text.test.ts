import { describe, expect, it } from 'vitest';

import type { Word } from '../../../../electron/contract/meeting-result.js';
import { buildSegments } from '../../../../electron/core/asr/segment-builder.js';
import { joinWords } from '../../../../electron/core/asr/word-text.js';

const word = (text: string, start: number, end: number): Word => ({ text, start, end, speaker: null });

describe('the text of words', () => {
  it('keeps Whisper spacing: none invented between CJK words, one between others, none at the ends', () => {
    expect(joinWords([word('今日', 0, 0.4), word('は', 0.4, 0.6)])).toBe('今日は');
    expect(joinWords([word(' Hello', 0, 0.5), word('  there,', 0.5, 1), word(' Ada ', 1, 1.4)])).toBe(
      'Hello there, Ada',
    );
  });

  it('is the text a segment gets', () => {
    const words = [word(' We', 0, 0.4), word(' agreed', 0.4, 0.9), word(' 今日', 1, 1.3), word('は', 1.3, 1.5)];
    const [segment] = buildSegments(words);
    expect(segment?.text).toBe(joinWords(words));
  });
});
