import { describe, expect, it } from 'vitest';

import type { Segment, Word } from '../../../../electron/contract/meeting-result.js';
import { attributeWords } from '../../../../electron/core/speakers/attribution/word-attribution.js';
import type { SpeakerActivity } from '../../../../electron/core/speakers/diarization/activity.js';
import { frameAt } from '../../../../electron/core/speakers/diarization/turns.js';

/** Two speakers: S1 talks 0–2 s, S2 2–4 s, both 3.0–3.5 s; nobody after 4 s. */
function activity(): SpeakerActivity {
  const frameCount = frameAt(6) + 1;
  const active = new Uint8Array(frameCount * 2);
  for (let g = 0; g < frameCount; g++) {
    if (g < frameAt(2)) active[g * 2] = 1;
    if (g >= frameAt(2) && g < frameAt(4)) active[g * 2 + 1] = 1;
    if (g >= frameAt(3) && g < frameAt(3.5)) active[g * 2] = 1;
  }
  return { frameCount, speakerCount: 2, active };
}

const word = (text: string, start: number, end: number): Word => ({ text, start, end, speaker: null });

function segment(words: Word[]): Segment {
  return { start: words[0]?.start ?? 0, end: words.at(-1)?.end ?? 0, text: '', speaker: null, speakerId: null, words };
}

describe('attributeWords', () => {
  it('cuts a segment where the speaker changes, word by word', () => {
    const words = [
      word(' Shall', 0.2, 0.6),
      word(' we?', 0.7, 1.6),
      word(' Yes', 2.2, 2.6),
      word(' please.', 2.6, 2.9),
    ];
    const result = attributeWords([segment(words)], activity(), ['S1', 'S2']);
    expect(result.map((s) => [s.speaker, s.text])).toEqual([
      ['S1', 'Shall we?'],
      ['S2', 'Yes please.'],
    ]);
    expect(result[1]).toMatchObject({ start: 2.2, end: 2.9 });
    expect(result.flatMap((s) => s.words.map((w) => w.speaker))).toEqual(['S1', 'S1', 'S2', 'S2']);
  });

  it('gives an overlapped word to the dominant speaker and marks the overlap', () => {
    const [only] = attributeWords([segment([word(' right', 2.9, 3.4)])], activity(), ['S1', 'S2']);
    expect(only?.words[0]).toMatchObject({ speaker: 'S2', overlap: true });
  });

  it('gives a word in a silent gap the nearest speaker', () => {
    const [only] = attributeWords([segment([word(' okay', 4.3, 4.6)])], activity(), ['S1', 'S2']);
    expect(only?.speaker).toBe('S2');
  });

  it('keeps the speaker null when nobody was heard at all', () => {
    const silent: SpeakerActivity = { frameCount: 100, speakerCount: 0, active: new Uint8Array(0) };
    const [only] = attributeWords([segment([word(' hm', 0.1, 0.3)])], silent, []);
    expect(only?.speaker).toBeNull();
  });

  it('keeps a sentence whole when its last words fall on the next speaker (issue 21, section 6)', () => {
    const words = [
      word(" I'm", 0.2, 0.5),
      word(' looking', 0.5, 0.9),
      word(' for', 0.9, 1.2),
      word(' information', 1.2, 1.9),
      word(' in', 2.05, 2.2),
      word(' Cambridge.', 2.2, 2.8),
    ];
    const result = attributeWords([segment(words)], activity(), ['S1', 'S2']);
    expect(result.map((s) => [s.speaker, s.text])).toEqual([['S1', "I'm looking for information in Cambridge."]]);
    const before = attributeWords([segment(words)], activity(), ['S1', 'S2'], { wholeSentences: false });
    expect(before.map((s) => s.speaker)).toEqual(['S1', 'S2']);
  });

  it('mends a sentence that Whisper split over two segments', () => {
    const first = segment([word(' We', 0.3, 0.6), word(' can', 0.6, 1.0), word(' book', 1.0, 1.6)]);
    const second = segment([word(' it.', 2.1, 2.5)]);
    const result = attributeWords([first, second], activity(), ['S1', 'S2']);
    expect(result.map((s) => [s.speaker, s.text])).toEqual([
      ['S1', 'We can book'],
      ['S1', 'it.'],
    ]);
  });

  it('keeps a real interruption: three or more words of the other speaker inside a sentence', () => {
    const words = [
      word(' so', 0.2, 0.5),
      word(' we', 0.5, 0.9),
      word(' could', 0.9, 1.5),
      word(' no', 2.1, 2.3),
      word(' wait', 2.3, 2.6),
      word(' that', 2.6, 2.8),
      word(' fails', 2.8, 2.95),
    ];
    const result = attributeWords([segment(words)], activity(), ['S1', 'S2']);
    expect(result.map((s) => [s.speaker, s.text])).toEqual([
      ['S1', 'so we could'],
      ['S2', 'no wait that fails'],
    ]);
  });
});
