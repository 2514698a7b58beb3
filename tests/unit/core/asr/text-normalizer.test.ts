import { describe, expect, it } from 'vitest';

import { englishNormalize, errorRate, peerNormalize } from '../../../../electron/core/asr/text-normalizer.js';

describe('text normalization for scoring', () => {
  it('makes spelled-out numbers and digits equal in English', () => {
    expect(englishNormalize('CHAPTER SEVENTEEN WHEN THEY HAD COUNTED FIVE HUNDRED')).toBe(
      englishNormalize('Chapter 17. When they had counted 500,'),
    );
    expect(englishNormalize('twenty one and one two')).toBe('21 and 1 2');
  });

  it('scores the peer way without touching numbers', () => {
    expect(peerNormalize('Chapter 17 — well-known!')).toBe('chapter 17 well known');
  });

  it('uses characters for Chinese and Japanese, words elsewhere', () => {
    expect(errorRate('今天天气很好', '今天天气不好', 'zh')).toBeCloseTo(1 / 6);
    expect(errorRate('Guten Morgen zusammen', 'guten morgen, zusammen!', 'de')).toBe(0);
  });
});
