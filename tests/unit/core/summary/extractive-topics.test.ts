import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { summarizeWindowExtractively, topicKeys } from '../../../../electron/core/summary/extractive-summarizer.js';
import { segmentsFromTurns } from '../../../../electron/core/summary/summary-input.js';
import { breaksOff } from '../../../../electron/core/summary/utterance-filter.js';
import { sharedDir } from '../../../support/shared-data.js';

/** The first ten train meetings of the summaries set (AMI, with QMSum's topic list of each). */
function trainMeetings() {
  return readFileSync(path.join(sharedDir, 'data/summaries/train.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(0, 10)
    .map((line) => {
      const row = JSON.parse(line) as { turns: { speaker: string; text: string }[]; topics: string[] };
      const segments = segmentsFromTurns(row.turns).map((segment, index) => ({ index, segment }));
      return { window: { language: 'en', segments, position: 0, count: 1 }, topics: row.topics.length };
    });
}

describe('topics of the extractive summary', () => {
  const meetings = trainMeetings();

  it('cuts about as many topics as the human topic lists name (tuned on train: one per 700 kept words)', () => {
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const cut = mean(meetings.map((meeting) => topicKeys(meeting.window).length));
    const named = mean(meetings.map((meeting) => meeting.topics));
    // One topic per 1,500 words cut about half as many as the lists name (1.9 against 4.1 on train).
    expect(Math.abs(cut - named)).toBeLessThan(1);
  });

  it('gives each topic one key point that reads alone: a whole sentence of substance, in meeting order', () => {
    for (const { window } of meetings) {
      const keyPoints = summarizeWindowExtractively(window).items.filter((item) => item.kind === 'key_point');
      const topics = topicKeys(window).length;
      expect(keyPoints.length).toBeGreaterThanOrEqual(topics - 1);
      expect(keyPoints.length).toBeLessThanOrEqual(topics);
      for (const point of keyPoints) {
        expect(point.text.split(' ').length).toBeGreaterThanOrEqual(8);
        expect(breaksOff(point.text, 'en')).toBe(false);
      }
      const starts = keyPoints.map((point) => point.segments[0] ?? 0);
      expect(starts).toEqual([...starts].sort((a, b) => a - b));
    }
  });
});
