import type { Segment, Word } from '../../../contract/meeting-result.js';
import { joinWords } from '../../asr/word-text.js';
import type { SpeakerActivity } from '../diarization/activity.js';
import { frameAt } from '../diarization/turns.js';

import { keepSentencesWhole } from './sentence-speakers.js';

/** A word in a silent gap (per segmentation) takes the nearest speaker within this many frames (3 s). */
const nearestSearchFrames = 178;

export interface WordSpeaker {
  speaker: number | null;
  /** Another speaker was active during part of the word. */
  overlap: boolean;
}

function framesTalking(activity: SpeakerActivity, first: number, last: number): number[] {
  const counts = new Array<number>(activity.speakerCount).fill(0);
  for (let g = first; g <= last && g < activity.frameCount; g++) {
    for (let k = 0; k < activity.speakerCount; k++)
      counts[k] = (counts[k] ?? 0) + (activity.active[g * activity.speakerCount + k] ?? 0);
  }
  return counts;
}

function nearestSpeaker(activity: SpeakerActivity, frame: number): number | null {
  for (let distance = 1; distance <= nearestSearchFrames; distance++) {
    for (const g of [frame - distance, frame + distance]) {
      if (g < 0 || g >= activity.frameCount) continue;
      for (let k = 0; k < activity.speakerCount; k++)
        if (activity.active[g * activity.speakerCount + k] === 1) return k;
    }
  }
  return null;
}

/** The speaker who talks most during the word (the dominant one when several overlap). */
export function wordSpeaker(activity: SpeakerActivity, start: number, end: number): WordSpeaker {
  const first = frameAt(start);
  const last = Math.max(first, frameAt(end));
  const counts = framesTalking(activity, first, last);
  let best = -1;
  counts.forEach((count, k) => {
    if (count > 0 && (best < 0 || count > (counts[best] ?? 0))) best = k;
  });
  if (best < 0) return { speaker: nearestSpeaker(activity, Math.round((first + last) / 2)), overlap: false };
  return { speaker: best, overlap: counts.filter((count) => count > 0).length > 1 };
}

/** Cuts one segment wherever the speaker changes between consecutive words. */
function recut(segment: Segment, words: Word[]): Segment[] {
  const runs: Word[][] = [];
  for (const word of words) {
    const run = runs.at(-1);
    if (run?.[0]?.speaker === word.speaker) run.push(word);
    else runs.push([word]);
  }
  return runs
    .map((run) => ({
      ...segment,
      start: run[0]?.start ?? segment.start,
      end: run.at(-1)?.end ?? segment.end,
      text: joinWords(run),
      speaker: run[0]?.speaker ?? null,
      words: run,
    }))
    .filter((piece) => piece.text !== '');
}

export interface AttributionOptions {
  /** Keep sentences whole (sentence-speakers.ts); off only for the bench's before/after figure. */
  wholeSentences?: boolean;
}

/**
 * Gives every word the speaker active at its time, mends sentences that one or two stray words
 * would cut, then re-cuts segments at speaker changes. Voting per segment is avoided on purpose: it
 * collapses quick exchanges onto one speaker.
 */
export function attributeWords(
  segments: readonly Segment[],
  activity: SpeakerActivity,
  labels: readonly string[],
  options: AttributionOptions = {},
): Segment[] {
  const label = (k: number | null): string | null => (k === null ? null : (labels[k] ?? null));
  const labelled = segments.map((segment) =>
    segment.words.map((word) => {
      const found = wordSpeaker(activity, word.start, word.end);
      return { ...word, speaker: label(found.speaker), ...(found.overlap ? { overlap: true } : {}) };
    }),
  );
  const flat = labelled.flat();
  const mended = options.wholeSentences === false ? flat : keepSentencesWhole(flat);
  let next = 0;
  return segments.flatMap((segment, index) => {
    if (segment.words.length === 0) {
      return [{ ...segment, speaker: label(wordSpeaker(activity, segment.start, segment.end).speaker) }];
    }
    const words = mended.slice(next, next + (labelled[index]?.length ?? 0));
    next += words.length;
    return recut(segment, words);
  });
}
