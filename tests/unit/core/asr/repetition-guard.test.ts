import { describe, expect, it } from 'vitest';

import { isRepetitionLoop, trimRepeatedPhrases } from '../../../../electron/core/asr/repetition-guard.js';

const words = (text: string): { text: string }[] => text.split(' ').map((word) => ({ text: ` ${word}` }));
const joined = (list: { text: string }[]): string => list.map((word) => word.text.trim()).join(' ');

describe('isRepetitionLoop', () => {
  it('flags a phrase repeated over and over', () => {
    expect(isRepetitionLoop('Thank you for watching. '.repeat(12))).toBe(true);
  });

  it('lets ordinary speech through', () => {
    const speech =
      'He hoped there would be stew for dinner, turnips and carrots and bruised potatoes and fat mutton pieces to be ladled out in thick peppered flour fattened sauce.';
    expect(isRepetitionLoop(speech)).toBe(false);
  });
});

describe('trimRepeatedPhrases', () => {
  it('removes the loop the naive pipeline produces and keeps the first occurrence', () => {
    const looped = words(
      'there is a problem with a problem with a problem with a problem with a problem with the engine',
    );
    expect(joined(trimRepeatedPhrases(looped))).toBe('there is a problem with the engine');
  });

  it('removes a one-word stutter loop, ignoring case and punctuation', () => {
    expect(joined(trimRepeatedPhrases(words('the book, the book, the book, the book, the book.')))).toBe('the book,');
  });

  it('keeps emphasis that people really say', () => {
    const speech = words('no, no, no, I said very very clearly that it is it');
    expect(trimRepeatedPhrases(speech)).toEqual(speech);
  });
});
