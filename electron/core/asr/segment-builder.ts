import type { Segment, Word } from '../../contract/meeting-result.js';

import { joinWords } from './word-text.js';

export interface SegmentRules {
  /** A pause at least this long starts a new segment. */
  pauseSec: number;
  /** Segments are closed at sentence ends once they are this long. */
  minSentenceSec: number;
  maxSegmentSec: number;
}

const defaults: SegmentRules = { pauseSec: 1.0, minSentenceSec: 2, maxSegmentSec: 20 };
const sentenceEnd = /[.!?。！？…]["')\]]*$/;

/** Groups timed words into readable segments: at pauses, at sentence ends, and before 20 s. */
export function buildSegments(words: readonly Word[], rules: Partial<SegmentRules> = {}): Segment[] {
  const { pauseSec, minSentenceSec, maxSegmentSec } = { ...defaults, ...rules };
  const segments: Segment[] = [];
  let current: Word[] = [];
  const close = (): void => {
    const first = current[0];
    const last = current.at(-1);
    if (first === undefined || last === undefined) return;
    const text = joinWords(current);
    if (text !== '') {
      segments.push({ start: first.start, end: last.end, text, speaker: null, speakerId: null, words: current });
    }
    current = [];
  };
  for (const word of words) {
    const first = current[0];
    const last = current.at(-1);
    if (first !== undefined && last !== undefined) {
      const pause = word.start - last.end >= pauseSec;
      const sentenceDone = sentenceEnd.test(last.text.trim()) && last.end - first.start >= minSentenceSec;
      const tooLong = word.end - first.start > maxSegmentSec;
      if (pause || sentenceDone || tooLong) close();
    }
    current.push(word);
  }
  close();
  return segments;
}
