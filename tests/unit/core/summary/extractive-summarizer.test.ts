import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { meetingResultSchema, type Segment } from '../../../../electron/contract/meeting-result.js';
import { contentWordFilter } from '../../../../electron/core/summary/content-words.js';
import {
  maxOverviewWords,
  summarizeWindowExtractively,
} from '../../../../electron/core/summary/extractive-summarizer.js';
import { citationSupport } from '../../../../electron/core/summary/grounding.js';
import { cleanUtterance } from '../../../../electron/core/summary/utterance-filter.js';
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
  it('quotes the meeting in at most 150 words, naming speakers, every item citing segments that hold it', () => {
    const segments = amiMeeting();
    const summary = summarize(segments, 'en');
    const filter = contentWordFilter('en');
    expect(summary.overview.split(/\s+/).length).toBeLessThanOrEqual(maxOverviewWords);
    expect(summary.overview).toMatch(/^(MEO015|FEE013|FEE016|MEE014): /);
    expect(summary.items.length).toBeGreaterThanOrEqual(1);
    for (const item of summary.items) expect(citationSupport(item.text, item.segments, segments, filter)).toBe(1);
  });

  it('says a one-sentence recording once: the overview quotes it and no key point repeats it', () => {
    const sentence =
      'He hoped there would be stew for dinner, turnips and carrots and bruised potatoes and fat mutton pieces to be ladled out in thick, peppered, flour-fattened sauce.';
    const summary = summarize(
      [{ start: 0, end: 10.4, text: sentence, speaker: 'S1', speakerId: null, words: [] }],
      'en',
    );
    expect(summary.overview).toBe(`S1: ${sentence}`);
    expect(summary.items).toEqual([]);
  });

  it('leaves greetings, thanks, goodbyes, introductions and back-channels out', () => {
    const lines = [
      "Hi everyone, I'm Laura and I'm the project manager.",
      'Thank you very much for the lovely presentation on the battery.',
      'Yeah. Mm-hmm. Okay.',
      'The case will be made of rubber because users drop their remote controls.',
      'Please enjoy your treat, bye.',
      'We decided the remote control gets a rubber case and a yellow colour.',
      'The battery should last a year with the kinetic charger in the case.',
    ];
    const segments = lines.map((text, index): Segment => ({
      start: index * 5,
      end: index * 5 + 4,
      text,
      speaker: `S${(index % 2) + 1}`,
      speakerId: null,
      words: [],
    }));
    const summary = summarize(segments, 'en');
    const said = [summary.overview, ...summary.items.map((item) => item.text)].join(' ');
    expect(said).not.toMatch(/Laura|Thank|enjoy|bye|Mm-hmm/i);
    expect(said).toContain('rubber');
    expect(summary.items.find((item) => item.kind === 'decision')?.segments).toEqual([5]);
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
    expect(
      french.some((reference) => summary.overview.includes(cleanUtterance(reference.text, 'fr').slice(0, 20))),
    ).toBe(true);
  });

  it('removes hesitations, filler phrases, repeated words and false starts, keeping the words in order', () => {
    expect(cleanUtterance('Um, okay, so we need a smaller case.', 'en')).toBe('We need a smaller case.');
    expect(cleanUtterance('so we {disfmarker} the the des uh design is, you know, yellow', 'en')).toBe(
      'We {disfmarker} the design is, yellow',
    );
    expect(cleanUtterance('Euh, alors on va euh garder le prix.', 'fr')).toBe('On va garder le prix.');
  });
});
