import { describe, expect, it } from 'vitest';

import {
  parseTranscriptFile,
  segmentsFromTurns,
  stripTranscriptionMarks,
  SummaryInputError,
} from '../../../../electron/core/summary/summary-input.js';

const turns = [
  { speaker: 'Project Manager', text: 'Okay {vocalsound} so we {disfmarker} we start .' },
  { speaker: 'Marketing', text: '{vocalsound}' },
  { speaker: 'Marketing', text: 'The remote should be yellow .' },
];

describe('summary input', () => {
  it('removes AMI transcription marks', () => {
    expect(stripTranscriptionMarks('we {disfmarker} we {gap} start')).toBe('we we start');
  });

  it('times turns at an even rate and drops turns that were only marks', () => {
    const segments = segmentsFromTurns(turns);
    expect(segments.map((segment) => segment.speaker)).toEqual(['Project Manager', 'Marketing']);
    expect(segments[0]?.start).toBe(0);
    expect(segments[1]?.start).toBe(segments[0]?.end);
    expect(segments[1]?.text).toBe('The remote should be yellow .');
  });

  it('reads one line of the summaries set, a process result, and picks a meeting from JSON Lines', () => {
    expect(parseTranscriptFile(JSON.stringify({ meeting: 'X', turns })).segments).toHaveLength(2);
    const result = {
      language: 'de',
      durationSec: 1,
      segments: [{ start: 0, end: 1, text: 'Hallo', speaker: null, words: [] }],
      speakers: [],
      summary: null,
      timingsSec: {},
    };
    expect(parseTranscriptFile(JSON.stringify(result)).language).toBe('de');
    const lines = [
      JSON.stringify({ meeting: 'A', turns }),
      JSON.stringify({ meeting: 'B', turns: turns.slice(2) }),
    ].join('\n');
    expect(parseTranscriptFile(lines, 'B').segments).toHaveLength(1);
    expect(() => parseTranscriptFile(lines)).toThrow(/choose one with --meeting/);
  });

  it('says what it expected for other input', () => {
    expect(() => parseTranscriptFile('{"foo": 1}')).toThrow(SummaryInputError);
    expect(() => parseTranscriptFile('not json')).toThrow(/neither JSON nor JSON Lines/);
  });
});
