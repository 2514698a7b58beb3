import srtParser2 from 'srt-parser-2';
import { describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';

import type { MeetingResult } from '../../../../electron/contract/meeting-result.js';
import { fitLines, subtitleCues, subtitleRules } from '../../../../electron/core/export/subtitle-cues.js';
import { toSrt, toVtt } from '../../../../electron/core/export/subtitles.js';

/** A result whose words are spread evenly: `speech` is [speaker, start, end, text] per segment. */
function resultOf(speech: [string, number, number, string][], names: Record<string, string> = {}): MeetingResult {
  return {
    language: 'en',
    durationSec: Math.max(...speech.map((s) => s[2])),
    segments: speech.map(([speaker, start, end, text]) => {
      const tokens = text.split(' ');
      const step = (end - start) / tokens.length;
      return {
        start,
        end,
        text,
        speaker,
        speakerId: null,
        words: tokens.map((t, i) => ({ text: ` ${t}`, start: start + i * step, end: start + (i + 1) * step, speaker })),
      };
    }),
    speakers: [...new Set(speech.map((s) => s[0]))].map((label) => ({
      label,
      name: names[label] ?? null,
      speakerId: null,
      match: null,
      score: null,
    })),
    summary: null,
    timingsSec: {},
  };
}

const long =
  'so the plan for the next quarter is to finish the survey, write up the results for the committee and ' +
  'then decide together whether the second study needs a larger sample than the first one had';

describe('subtitle cues', () => {
  const result = resultOf(
    [
      ['S1', 0, 20, long],
      ['S2', 20.5, 22, 'Sounds good to me.'],
      ['S1', 22.2, 23, 'Great & <done>.'],
    ],
    { S2: 'Dr. Alvarez' },
  );
  const cues = subtitleCues(result);

  it('keep every rule: two lines of 42 characters at most, 7 s at most, in order, never overlapping', () => {
    for (const [i, cue] of cues.entries()) {
      expect(cue.lines.length).toBeLessThanOrEqual(subtitleRules.maxLines);
      for (const line of cue.lines) expect(line.length).toBeLessThanOrEqual(subtitleRules.maxLineChars);
      expect(cue.end - cue.start).toBeLessThanOrEqual(subtitleRules.maxCueSeconds);
      expect(cue.end).toBeGreaterThan(cue.start);
      if (i > 0) expect(cue.start).toBeGreaterThanOrEqual(cues[i - 1]?.end ?? 0);
    }
  });

  it('lose no word and name the speaker at each change only', () => {
    const text = cues.map((cue) => cue.lines.join(' ')).join(' ');
    expect(text.replace(/(S1|Dr\. Alvarez): /g, '')).toBe(`${long} Sounds good to me. Great & <done>.`);
    expect(cues.filter((cue) => /^S1: /.test(cue.lines[0] ?? '')).length).toBe(2);
    expect(cues.filter((cue) => /^Dr\. Alvarez: /.test(cue.lines[0] ?? '')).length).toBe(1);
  });

  it('balance two lines rather than fill the first', () => {
    expect(fitLines('the quick brown fox jumps over the lazy dog and runs far away')).toEqual([
      'the quick brown fox jumps over',
      'the lazy dog and runs far away',
    ]);
    expect(fitLines('x'.repeat(43))).toBeNull();
  });

  it('read back through maintained parsers: srt-parser-2 and the W3C-conformant webvtt-parser', () => {
    const srt = new srtParser2().fromSrt(toSrt(result));
    expect(srt.map((cue) => cue.text)).toEqual(cues.map((cue) => cue.lines.join('\n')));
    expect(srt[0]?.startSeconds).toBeCloseTo(cues[0]?.start ?? -1, 2);
    const vtt = new WebVTTParser().parse(toVtt(result), 'subtitles');
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues.length).toBe(cues.length);
    expect(vtt.cues.at(-1)?.text).toBe('S1: Great &amp; &lt;done&gt;.');
    expect(vtt.cues.at(-1)?.endTime).toBeCloseTo(cues.at(-1)?.end ?? -1, 2);
  });

  it('glue a word piece without a leading space to the word before it', () => {
    const glued = resultOf([['S1', 0, 2, 'flower']]);
    glued.segments[0]?.words.push({ text: '-fat', start: 2, end: 2.3, speaker: 'S1' });
    expect(subtitleCues(glued)[0]?.lines).toEqual(['S1: flower-fat']);
  });
});
