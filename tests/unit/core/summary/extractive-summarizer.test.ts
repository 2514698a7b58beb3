import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { meetingResultSchema, type Segment } from '../../../../electron/contract/meeting-result.js';
import { contentWordFilter } from '../../../../electron/core/summary/content-words.js';
import { cleanSentence, summarizeWindowExtractively } from '../../../../electron/core/summary/extractive-summarizer.js';
import { citationSupport } from '../../../../electron/core/summary/grounding.js';
import { readAsrReferences, repoDir, sharedDir } from '../../../support/shared-data.js';

/** The AMI meeting's reference words, one segment per sentence, with the real speaker of each. */
function amiMeeting(): Segment[] {
  const rows = readFileSync(path.join(sharedDir, 'data/diarization/ami_seriously_mixture.speaker_text.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '');
  const segments: Segment[] = [];
  for (const row of rows) {
    const [speaker = '', , text = ''] = row.split('\t');
    for (const sentence of text.split(/(?<=[.?!])\s+/)) {
      const start = segments.length * 3;
      segments.push({ start, end: start + 2.5, text: sentence, speaker, speakerId: null, words: [] });
    }
  }
  return segments;
}

function summarize(segments: Segment[], language: string) {
  return summarizeWindowExtractively({
    language,
    segments: segments.map((segment, index) => ({ index, segment })),
    position: 0,
    count: 1,
  });
}

describe('extractive summarizer', () => {
  it('quotes the meeting, citing the segments each point comes from, with every main speaker heard', () => {
    const segments = amiMeeting();
    const summary = summarize(segments, 'en');
    const filter = contentWordFilter('en');
    expect(summary.overview.length).toBeGreaterThan(40);
    expect(summary.items.length).toBeGreaterThanOrEqual(2);
    for (const item of summary.items) expect(citationSupport(item.text, item.segments, segments, filter)).toBe(1);
    const citedSpeakers = new Set(
      summary.items.flatMap((item) => item.segments.map((index) => segments[index]?.speaker)),
    );
    // MEE014 only says "Mm. Yeah."; the three who carried the discussion are each cited.
    expect(citedSpeakers).toEqual(new Set(['MEO015', 'FEE013', 'FEE016']));
    expect(summary.items.find((item) => item.kind === 'question')?.text).toContain(
      'I wonder what our design people think',
    );
  });

  it('summarises the pipeline transcript of a real two-person call', () => {
    const result = meetingResultSchema.parse(
      JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
    );
    const summary = summarize(result.segments, result.language);
    const filter = contentWordFilter(result.language);
    expect(summary.overview).not.toBe('');
    expect(summary.items.map((item) => item.kind)).toContain('question');
    for (const item of summary.items) {
      expect(citationSupport(item.text, item.segments, result.segments, filter)).toBe(1);
    }
  });

  it('gives each speaker who carried a diarized pipeline transcript a key point of their own', () => {
    const result = meetingResultSchema.parse(
      JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/ami_seriously_mixture.json'), 'utf8')),
    );
    const summary = summarize(result.segments, result.language);
    const keyPoints = summary.items.filter((item) => item.kind === 'key_point');
    const speakers = new Set(
      keyPoints.flatMap((item) => item.segments.map((index) => result.segments[index]?.speaker)),
    );
    // S3 says three words ("with the people"); S1, S2 and S4 carry the discussion.
    expect(speakers).toEqual(new Set(['S1', 'S2', 'S4']));
  });

  it('writes the summary of a French recording in French', () => {
    const french = readAsrReferences().filter((reference) => reference.language === 'fr');
    const segments = french.map((reference, index): Segment => ({
      start: index * 6,
      end: index * 6 + 5,
      text: reference.text,
      speaker: 'S1',
      speakerId: null,
      words: [],
    }));
    const summary = summarize(segments, 'fr');
    expect(french.some((reference) => summary.overview.includes(cleanSentence(reference.text).slice(0, 20)))).toBe(
      true,
    );
  });

  it('removes hesitations at the start of a quoted sentence', () => {
    expect(cleanSentence('Um, okay, so we need a smaller case.')).toBe('We need a smaller case.');
    expect(cleanSentence('Yeah.')).toBe('Yeah.');
  });
});
