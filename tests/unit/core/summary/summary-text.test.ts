import { describe, expect, it } from 'vitest';

import type { Segment, Summary } from '../../../../electron/contract/meeting-result.js';
import { formatSummaryText } from '../../../../electron/core/summary/summary-text.js';

const segments: Segment[] = [
  { start: 5, end: 9, text: 'We decided on a rubber case.', speaker: 'Anna', speakerId: null, words: [] },
  { start: 3725, end: 3730, text: "I'll send the drawings by Friday.", speaker: 'Ben', speakerId: null, words: [] },
];

describe('summary as text', () => {
  it('prints the overview and each kind of item under its heading, with owner, due date, speaker and time', () => {
    const summary: Summary = {
      backend: 'extractive',
      overview: 'Anna: We decided on a rubber case.',
      items: [
        {
          kind: 'decision',
          text: 'We decided on a rubber case.',
          segments: [0],
          speakers: ['Anna'],
          owner: null,
          due: null,
        },
        {
          kind: 'action_item',
          text: "I'll send the drawings by Friday.",
          segments: [1],
          speakers: ['Ben'],
          owner: 'Ben',
          due: 'by Friday',
        },
      ],
    };
    expect(formatSummaryText(summary, segments)).toBe(
      [
        'Summary (extractive)',
        'Anna: We decided on a rubber case.',
        '',
        'Decisions',
        '  - We decided on a rubber case. [Anna, 00:05]',
        '',
        'Action items',
        "  - I'll send the drawings by Friday. (owner: Ben, due: by Friday) [Ben, 1:02:05]",
      ].join('\n'),
    );
  });
});
