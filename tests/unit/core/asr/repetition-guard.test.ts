import { describe, expect, it } from 'vitest';

import { isRepetitionLoop } from '../../../../electron/core/asr/repetition-guard.js';

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
