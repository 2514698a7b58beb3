import { describe, expect, it } from 'vitest';

import type { Segment } from '../../../../electron/contract/meeting-result.js';
import { transcriptSentences } from '../../../../electron/core/summary/transcript-sentences.js';

function at(index: number, start: number, text: string, speaker: string | null) {
  const segment: Segment = { start, end: start + 2, text, speaker, speakerId: null, words: [] };
  return { index, segment };
}

describe('transcript sentences', () => {
  it('splits segments into sentences and joins a sentence a segment boundary cut, citing both', () => {
    const sentences = transcriptSentences(
      [
        at(4, 10, 'We need a new design. The old one has too', 'S1'),
        at(5, 12.5, 'many buttons. Agreed?', 'S1'),
        at(6, 15, 'Yes, agreed.', 'S2'),
      ],
      'en',
    );
    expect(sentences.map((sentence) => [sentence.text, sentence.segments, sentence.speaker])).toEqual([
      ['We need a new design.', [4], 'S1'],
      ['The old one has too many buttons.', [4, 5], 'S1'],
      ['Agreed?', [5], 'S1'],
      ['Yes, agreed.', [6], 'S2'],
    ]);
  });

  it('does not join across speakers or long pauses', () => {
    const sentences = transcriptSentences(
      [at(0, 0, 'so the thing is', 'S1'), at(1, 2.1, 'I think we', 'S2'), at(2, 9, 'should wait', 'S2')],
      'en',
    );
    expect(sentences.map((sentence) => sentence.segments)).toEqual([[0], [1], [2]]);
  });
});
