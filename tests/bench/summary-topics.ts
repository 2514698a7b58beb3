/**
 * The extractive summarizer's topics checked against QMSum's reference topic lists. The set gives
 * each meeting's topics as names in meeting order, without their spans, so boundary measures (Pk,
 * WindowDiff) cannot be computed; instead each reference topic is placed in the segment where its
 * name's content words are most frequent, and the bench reports how many distinct segments the
 * reference topics land in (a segmentation that follows the topics spreads them) and whether they
 * land in meeting order, beside an equal-length split into as many segments, for scale.
 */
import { contentKeys, contentWordFilter } from '../../electron/core/summary/content-words.js';
import { topicKeys } from '../../electron/core/summary/extractive-summarizer.js';
import { extractiveTuning, type ExtractiveTuning } from '../../electron/core/summary/extractive-tuning.js';

import type { SetMeeting } from './summary-set.js';

export interface TopicFigures {
  meetings: number;
  meanTopics: number;
  meanReferenceTopics: number;
  /** Distinct segments the reference topics land in, over the most they could (min of both counts). */
  spread: number;
  /** Consecutive reference topics whose segments do not go backwards. */
  inOrder: number;
}

/** The segment holding the largest share of the topic name's words (first on ties). */
function bestSegment(name: readonly string[], segments: readonly (readonly string[])[]): number {
  let best = 0;
  let bestShare = -1;
  segments.forEach((keys, index) => {
    const share = keys.filter((key) => name.includes(key)).length / Math.max(1, keys.length);
    if (share > bestShare) [best, bestShare] = [index, share];
  });
  return best;
}

function equalSplit(keys: readonly string[], parts: number): string[][] {
  const size = Math.ceil(keys.length / parts);
  return Array.from({ length: parts }, (_, i) => keys.slice(i * size, (i + 1) * size));
}

function figures(meetings: readonly SetMeeting[], split: (meeting: SetMeeting) => string[][]): TopicFigures {
  let topics = 0;
  let references = 0;
  let spread = 0;
  let ordered = 0;
  let pairs = 0;
  for (const meeting of meetings) {
    const segments = split(meeting);
    const filter = contentWordFilter('en');
    const names = meeting.topics.map((topic) => contentKeys(topic, filter)).filter((keys) => keys.length > 0);
    const placed = names.map((name) => bestSegment(name, segments));
    topics += segments.length;
    references += meeting.topics.length;
    spread += new Set(placed).size / Math.max(1, Math.min(segments.length, placed.length));
    for (let i = 1; i < placed.length; i += 1) {
      pairs += 1;
      if ((placed[i] ?? 0) >= (placed[i - 1] ?? 0)) ordered += 1;
    }
  }
  const count = Math.max(1, meetings.length);
  return {
    meetings: meetings.length,
    meanTopics: topics / count,
    meanReferenceTopics: references / count,
    spread: spread / count,
    inOrder: ordered / Math.max(1, pairs),
  };
}

function summarizerTopics(meeting: SetMeeting, tuning: ExtractiveTuning): string[][] {
  const segments = meeting.transcript.segments.map((segment, index) => ({ index, segment }));
  return topicKeys({ language: 'en', segments, position: 0, count: 1 }, tuning);
}

/** The summarizer's topics (under `tuning`) and an equal split into as many, checked against the reference lists. */
export function topicCheck(
  meetings: readonly SetMeeting[],
  tuning: ExtractiveTuning = extractiveTuning,
): { textTiling: TopicFigures; equalSplit: TopicFigures } {
  return {
    textTiling: figures(meetings, (meeting) => summarizerTopics(meeting, tuning)),
    equalSplit: figures(meetings, (meeting) => {
      const topics = summarizerTopics(meeting, tuning);
      return equalSplit(topics.flat(), topics.length);
    }),
  };
}

export function formatTopicFigures(name: string, row: TopicFigures): string {
  return (
    `${name}: ${row.meanTopics.toFixed(1)} topics per meeting (reference ${row.meanReferenceTopics.toFixed(1)}), ` +
    `reference topics spread over ${(row.spread * 100).toFixed(0)} % of the segments they could be, ` +
    `${(row.inOrder * 100).toFixed(0)} % of consecutive ones in order`
  );
}
