import { describe, expect, it } from 'vitest';

import type { Segment } from '../../../../electron/contract/meeting-result.js';
import { meetingRttm, meetingTurns, toRttm } from '../../../../electron/core/speakers/rttm.js';

const word = (text: string, start: number, end: number, speaker: string | null) => ({ text, start, end, speaker });

function segment(words: ReturnType<typeof word>[]): Segment {
  return {
    start: words[0]?.start ?? 0,
    end: words.at(-1)?.end ?? 0,
    text: words.map((w) => w.text).join(''),
    speaker: words[0]?.speaker ?? null,
    speakerId: null,
    words,
  };
}

describe('RTTM export', () => {
  it('writes one NIST SPEAKER line per turn, millisecond times, no white space inside a field', () => {
    const rttm = toRttm('budget review.wav', [
      { speaker: 'S1', start: 0.5, end: 2.25 },
      { speaker: 'Ada Lovelace', start: 2.1, end: 4 },
      { speaker: 'S1', start: 5, end: 5 },
    ]);
    expect(rttm).toBe(
      'SPEAKER budget_review.wav 1 0.500 1.750 <NA> <NA> S1 <NA> <NA>\n' +
        'SPEAKER budget_review.wav 1 2.100 1.900 <NA> <NA> Ada_Lovelace <NA> <NA>\n',
    );
    for (const line of rttm.trim().split('\n')) expect(line.split(' ')).toHaveLength(10);
  });

  it("exports the result's diarization turns, pauses inside a turn included", () => {
    const segments = [segment([word(' Hello', 0, 0.4, 'S1'), word(' there', 2, 2.3, 'S1')])];
    const turns = [{ speaker: 'S1', start: 0, end: 2.4 }];
    expect(meetingTurns({ segments, turns })).toEqual(turns);
    expect(meetingRttm('m', { segments, turns })).toBe('SPEAKER m 1 0.000 2.400 <NA> <NA> S1 <NA> <NA>\n');
  });

  it('rebuilds turns from the words of a result saved without turns, splitting at speaker changes and long pauses', () => {
    const segments = [
      segment([word(' So', 0, 0.3, 'S1'), word(' yes', 0.5, 0.9, 'S1'), word(' no', 1, 1.2, 'S2')]),
      segment([word(' well', 1.3, 1.6, 'S2'), word(' then', 3, 3.2, 'S2'), word(' um', 3.3, 3.4, null)]),
    ];
    expect(meetingTurns({ segments })).toEqual([
      { speaker: 'S1', start: 0, end: 0.9 },
      { speaker: 'S2', start: 1, end: 1.6 },
      { speaker: 'S2', start: 3, end: 3.2 },
    ]);
  });
});
