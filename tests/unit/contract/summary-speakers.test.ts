import { describe, expect, it } from 'vitest';

import type { MeetingSpeaker, Summary } from '../../../electron/contract/meeting-result.js';
import { summaryWithNames } from '../../../electron/contract/summary-speakers.js';

const speaker = (label: string, name: string | null): MeetingSpeaker => ({
  label,
  name,
  speakerId: null,
  match: null,
  score: null,
});

const summary: Summary = {
  overview: 'S1: We ship on Friday. S12: Fine. S2: S1 said so, S1x is a part number.',
  items: [
    { kind: 'action_item', text: 'I will send it.', segments: [3], speakers: ['S2'], owner: 'S2', due: null },
    {
      kind: 'decision',
      text: 'S1 decided to ship.',
      segments: [1],
      speakers: ['S1', 'S12'],
      owner: null,
      due: 'Friday',
    },
  ],
  backend: 'extractive',
};

describe('summaryWithNames', () => {
  it('writes each named label as its name, as a whole word only, in the overview and the items', () => {
    const named = summaryWithNames(summary, [speaker('S1', 'Ada'), speaker('S2', 'Bob'), speaker('S12', null)]);
    expect(named.overview).toBe('Ada: We ship on Friday. S12: Fine. Bob: Ada said so, S1x is a part number.');
    expect(named.items[0]).toMatchObject({ speakers: ['Bob'], owner: 'Bob', text: 'I will send it.' });
    expect(named.items[1]).toMatchObject({ speakers: ['Ada', 'S12'], text: 'Ada decided to ship.', due: 'Friday' });
  });

  it('swaps two names in one pass and leaves a summary without names as it is', () => {
    const swapped = summaryWithNames(summary, [speaker('S1', 'S2'), speaker('S2', 'S1')]);
    expect(swapped.overview).toBe('S2: We ship on Friday. S12: Fine. S1: S2 said so, S1x is a part number.');
    expect(summaryWithNames(summary, [speaker('S1', null), speaker('S2', 'S2')])).toBe(summary);
  });

  it('reads labels that hold regular-expression characters and names that hold replacement patterns', () => {
    const odd = { ...summary, overview: 'Speaker (1): yes. Speaker (1)?' };
    expect(summaryWithNames(odd, [speaker('Speaker (1)', 'Zoë $& Co')]).overview).toBe('Zoë $& Co: yes. Zoë $& Co?');
  });
});
