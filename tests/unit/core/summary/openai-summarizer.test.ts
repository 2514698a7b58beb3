import { describe, expect, it } from 'vitest';

import type { Segment } from '../../../../electron/contract/meeting-result.js';
import { parseDraft, windowPrompt } from '../../../../electron/core/summary/openai-summarizer.js';
import { SummaryBackendError } from '../../../../electron/core/summary/summary-backend.js';

describe('OpenAI-compatible summarizer answers', () => {
  it('reads the JSON object of an answer, even inside a code fence, skipping malformed items', () => {
    const answer = [
      'Here you are:',
      '```json',
      JSON.stringify({
        overview: ' A short call. ',
        items: [
          { kind: 'decision', text: 'Book the table', segments: [3], owner: null },
          { kind: 'action_item', text: 'Send the email', segments: [4], owner: 'S2', due: 'Friday' },
          { kind: 'key_point', text: 'No citation given' },
          { kind: 'summary', text: 'Unknown kind', segments: [1] },
          { kind: 'question', text: 'Negative id', segments: [-1] },
        ],
      }),
      '```',
    ].join('\n');
    expect(parseDraft(answer)).toEqual({
      overview: 'A short call.',
      items: [
        { kind: 'decision', text: 'Book the table', segments: [3], speakers: [], owner: null, due: null },
        { kind: 'action_item', text: 'Send the email', segments: [4], speakers: [], owner: 'S2', due: 'Friday' },
      ],
    });
  });

  it('rejects answers that are not JSON or lack an overview, as retryable', () => {
    for (const answer of ['I cannot help with that.', '{"overview": "cut', '{"items": []}']) {
      expect(() => parseDraft(answer)).toThrow(SummaryBackendError);
      try {
        parseDraft(answer);
      } catch (error) {
        expect((error as SummaryBackendError).retryable).toBe(true);
      }
    }
  });

  it('numbers each transcript line with its meeting-wide segment index, speaker and time', () => {
    const segment: Segment = {
      start: 754,
      end: 760,
      text: ' We go with rubber. ',
      speaker: 'S2',
      speakerId: null,
      words: [],
    };
    const [system, user] = windowPrompt({ language: 'en', segments: [{ index: 41, segment }], position: 1, count: 3 });
    expect(system?.role).toBe('system');
    expect(user?.content).toContain('part 2 of 3');
    expect(user?.content).toContain('[41] S2 (12:34): We go with rubber.');
  });
});
