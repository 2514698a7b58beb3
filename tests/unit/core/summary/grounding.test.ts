import { describe, expect, it } from 'vitest';

import type { Segment, SummaryItem } from '../../../../electron/contract/meeting-result.js';
import { contentWordFilter } from '../../../../electron/core/summary/content-words.js';
import { citationSupport, groundItems } from '../../../../electron/core/summary/grounding.js';

function segment(text: string, speaker: string | null): Segment {
  return { start: 0, end: 1, text, speaker, speakerId: null, words: [] };
}

const segments = [
  segment('We should make the remote control simpler, with fewer buttons.', 'S1'),
  segment('Maybe an LCD display with menus, like on a mobile phone.', 'S2'),
  segment('Yeah.', 'S3'),
];
const filter = contentWordFilter('en');

function item(text: string, cited: number[]): SummaryItem {
  return { kind: 'key_point', text, segments: cited, speakers: ['made-up'], owner: null, due: null };
}

describe('grounding', () => {
  it('measures how much of an item its cited segments say', () => {
    expect(citationSupport('A simpler remote control with fewer buttons', [0], segments, filter)).toBe(1);
    expect(citationSupport('A simpler remote control with fewer buttons', [1], segments, filter)).toBe(0);
    expect(citationSupport('An LCD display with menus', [7], segments, filter)).toBe(0);
  });

  it('drops items citing segments that do not exist or do not support them, and takes speakers from the transcript', () => {
    const { kept, dropped } = groundItems(
      [
        item('Simpler remote control with fewer buttons, and an LCD display with menus', [1, 0, 1]),
        item('An LCD display with menus', [42]),
        item('The budget is twelve euros per unit', [0, 1]),
        item('An LCD display with menus', []),
      ],
      segments,
      filter,
    );
    expect(dropped).toBe(3);
    expect(kept).toEqual([
      {
        ...item('Simpler remote control with fewer buttons, and an LCD display with menus', [0, 1]),
        speakers: ['S1', 'S2'],
      },
    ]);
  });
});
