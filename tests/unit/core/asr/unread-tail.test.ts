import { describe, expect, it } from 'vitest';

import { tailIsSilence, tailRules, unheardSpeechSec, unreadTail } from '../../../../electron/core/asr/unread-tail.js';
import type { DecodedWindow } from '../../../../electron/core/asr/whisper-decoder.js';
import { vadFrameSec } from '../../../../electron/core/audio/vad.js';

const decoded = (overrides: Partial<DecodedWindow>): DecodedWindow => ({
  text: 'He could wait no longer.',
  words: [],
  averageLogprob: -0.3,
  compressionRatio: 1,
  noSpeechProbability: 0.05,
  temperature: 0,
  skippedAsSilence: false,
  endSec: 2,
  unfinishedWords: 0,
  ...overrides,
});

/** VAD probabilities for `seconds`, 0.9 inside the given speech spans and 0.05 elsewhere. */
function vad(seconds: number, speech: [number, number][]): Float32Array {
  return Float32Array.from({ length: Math.ceil(seconds / vadFrameSec) }, (_, frame) =>
    speech.some(([from, to]) => frame * vadFrameSec >= from && frame * vadFrameSec < to) ? 0.9 : 0.05,
  );
}

/** What transcribe.ts asks before decoding a tail. */
const holdsSpeech = (
  probabilities: Float32Array,
  tail: { startSec: number; endSec: number },
  written: number,
): boolean => unheardSpeechSec(probabilities, tail, written) >= tailRules.minSpeechSec;

describe('the unread tail of a window', () => {
  it('starts at the last timestamp when at least a second is left on both sides', () => {
    expect(unreadTail(decoded({ endSec: 2 }), { startSec: 10, endSec: 14 })).toEqual({ startSec: 12, endSec: 14 });
    expect(unreadTail(decoded({ endSec: 2 }), { startSec: 10, endSec: 12.5 })).toBeNull();
    expect(unreadTail(decoded({ endSec: 0.5 }), { startSec: 10, endSec: 14 })).toBeNull();
    expect(unreadTail(decoded({ endSec: null }), { startSec: 10, endSec: 14 })).toBeNull();
  });

  it('is read only when the VAD hears speech in it after the last word written', () => {
    const tail = { startSec: 2, endSec: 6 };
    // The case: the words already written reach the end of the speech; what follows is silence.
    expect(holdsSpeech(vad(6, [[0.5, 3.6]]), tail, 3.62)).toBe(false);
    // A sentence said after a pause.
    expect(
      holdsSpeech(
        vad(6, [
          [0.5, 2.4],
          [4.8, 5.9],
        ]),
        tail,
        2.41,
      ),
    ).toBe(true);
    // A blip shorter than Silero's shortest speech is not speech.
    expect(
      holdsSpeech(
        vad(6, [
          [0.5, 2.4],
          [5, 5.15],
        ]),
        tail,
        2.41,
      ),
    ).toBe(false);
  });

  it('is silence when Whisper says so, or when its only text is a doubtful stock phrase', () => {
    expect(tailIsSilence(decoded({ text: 'Easy going.', averageLogprob: -1.07, noSpeechProbability: 0.27 }))).toBe(
      false,
    );
    expect(tailIsSilence(decoded({ text: 'Easy going.', noSpeechProbability: 0.7 }))).toBe(true);
    expect(tailIsSilence(decoded({ text: '', skippedAsSilence: true }))).toBe(true);
    expect(tailIsSilence(decoded({ text: 'Thank you.', averageLogprob: -0.9 }))).toBe(true);
    expect(tailIsSilence(decoded({ text: ' Thanks for watching!', noSpeechProbability: 0.3 }))).toBe(true);
    // Said clearly at the end of a meeting, it stays.
    expect(tailIsSilence(decoded({ text: 'Thank you.', averageLogprob: -0.2, noSpeechProbability: 0.05 }))).toBe(false);
  });
});
