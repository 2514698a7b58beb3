import type { SummaryItem } from '../../contract/meeting-result.js';

import { contentKeys, contentWordFilter } from './content-words.js';
import { matchCue, type CueMatch } from './cue-patterns.js';
import { extractiveTuning, type ExtractiveTuning } from './extractive-tuning.js';
import type { SummaryBackend, SummaryDraft, TranscriptWindow } from './summary-backend.js';
import { segmentTopics } from './topic-segmentation.js';
import { transcriptSentences, type TranscriptSentence } from './transcript-sentences.js';
import { breaksOff, cleanUtterance, isPleasantry } from './utterance-filter.js';

interface Candidate {
  sentence: TranscriptSentence;
  order: number;
  /** The sentence without hesitations, repeats and leading discourse words. */
  text: string;
  /** Distinct content-word keys of `text`. */
  keys: string[];
  /** The item the sentence makes, if its cue rules find one (decision, action item, question). */
  cue: CueMatch | null;
  words: number;
  /** Words the candidate takes in the overview: its own and its speaker's label. */
  cost: number;
  topic: number;
  /** Which of the overview's parts it is in: coarser than the topics, the overview's turns go by part. */
  part: number;
}

/** The most the overview may hold (its tuned length is `extractiveTuning.overviewWords`). */
export const maxOverviewWords = 150;
const maxItemsPerKind = 5;
const minKeyPointWords = 8;

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/** The window's sentences that could be quoted, cleaned, each with its topic and overview part. */
function candidates(window: TranscriptWindow, tuning: ExtractiveTuning): Candidate[] {
  const sentences = transcriptSentences(window.segments, window.language);
  const filter = contentWordFilter(
    window.language,
    sentences.map((sentence) => sentence.text),
  );
  const kept: Candidate[] = [];
  sentences.forEach((sentence, order) => {
    if (isPleasantry(sentence.text, window.language)) return;
    const text = cleanUtterance(sentence.text, window.language);
    const keys = [...new Set(contentKeys(text, filter))];
    const words = wordCount(text);
    if (keys.length < tuning.minContentWords || words > tuning.maxSentenceWords) return;
    const cost = words + (sentence.speaker === null ? 0 : wordCount(sentence.speaker));
    const cue = matchCue(sentence.text, sentence.speaker, window.language);
    kept.push({
      sentence,
      order,
      text,
      keys,
      cue,
      words,
      cost,
      topic: 0,
      part: 0,
    });
  });
  const totalWords = kept.reduce((sum, candidate) => sum + candidate.words, 0);
  const spans = (wordsPer: number) =>
    segmentTopics(
      kept.map((candidate) => candidate.keys),
      Math.min(tuning.maxTopics, Math.max(1, Math.round(totalWords / wordsPer))),
      {
        blockSize: tuning.topicBlockSize,
        minTopicSentences: tuning.minTopicSentences,
        depthCutoff: tuning.topicDepthCutoff,
      },
    );
  spans(tuning.wordsPerTopic).forEach((span, topic) => {
    for (let i = span.start; i < span.end; i += 1) (kept[i] as Candidate).topic = topic;
  });
  spans(tuning.wordsPerOverviewPart).forEach((span, part) => {
    for (let i = span.start; i < span.end; i += 1) (kept[i] as Candidate).part = part;
  });
  return kept;
}

/** Each topic's content-word keys in meeting order, as the summarizer cuts the window (for the bench's topic check). */
export function topicKeys(window: TranscriptWindow, tuning: ExtractiveTuning = extractiveTuning): string[][] {
  const topics: string[][] = [];
  for (const candidate of candidates(window, tuning)) (topics[candidate.topic] ??= []).push(...candidate.keys);
  return topics;
}

/** How often each content word is used in the window, as a share of all content words. */
function wordProbabilities(pool: readonly Candidate[]): Map<string, number> {
  const counts = new Map<string, number>();
  let total = 0;
  for (const candidate of pool) {
    for (const key of candidate.keys) counts.set(key, (counts.get(key) ?? 0) + 1);
    total += candidate.keys.length;
  }
  return new Map([...counts].map(([key, count]) => [key, count / Math.max(1, total)]));
}

function score(candidate: Candidate, probability: ReadonlyMap<string, number>, tuning: ExtractiveTuning): number {
  const mass = candidate.keys.reduce((sum, key) => sum + (probability.get(key) ?? 0), 0);
  return mass / candidate.words ** tuning.lengthPenalty;
}

/**
 * SumBasic (Nenkova & Vanderwende 2005) across topics: topics take turns, largest first, each
 * giving its sentence that holds most of the meeting's frequent words; the words of a chosen
 * sentence then count less (their probability is squared), so the next pick says something new.
 */
function selectSentences(pool: readonly Candidate[], tuning: ExtractiveTuning): Candidate[] {
  const parts = pool.reduce((max, candidate) => Math.max(max, candidate.part + 1), 0);
  const budget = Math.min(maxOverviewWords, tuning.overviewWords);
  const probability = wordProbabilities(pool);
  const byTopic = Array.from({ length: parts }, (_, part) => pool.filter((candidate) => candidate.part === part));
  const turnOrder = byTopic
    .map((members, topic) => ({ topic, size: members.length }))
    .sort((a, b) => b.size - a.size)
    .map((entry) => entry.topic);
  const chosen: Candidate[] = [];
  let words = 0;
  let added = true;
  while (added) {
    added = false;
    for (const topic of turnOrder) {
      let best: Candidate | null = null;
      let bestScore = 0;
      for (const candidate of byTopic[topic] ?? []) {
        if (chosen.includes(candidate) || words + candidate.cost > budget) continue;
        const value = score(candidate, probability, tuning);
        if (value > bestScore) [best, bestScore] = [candidate, value];
      }
      if (best === null) continue;
      chosen.push(best);
      words += best.cost;
      added = true;
      for (const key of best.keys) probability.set(key, (probability.get(key) ?? 0) ** 2);
    }
  }
  return chosen;
}

function asSentence(text: string): string {
  const trimmed = text.replace(/[\s,;:-]+$/u, '').replace(/[\s,;:]+(?=[.!?]$)/u, '');
  return /[.!?。！？…]$/u.test(trimmed) ? trimmed : `${trimmed}.`;
}

function toItem(
  candidate: Candidate,
  kind: SummaryItem['kind'],
  owner: string | null,
  due: string | null,
): SummaryItem {
  return { kind, text: asSentence(candidate.text), segments: candidate.sentence.segments, speakers: [], owner, due };
}

/** Decisions, action items and questions: only sentences whose cue rules find an agent and an act. */
function cueItems(pool: readonly Candidate[], tuning: ExtractiveTuning): SummaryItem[] {
  const probability = wordProbabilities(pool);
  const found: { candidate: Candidate; item: SummaryItem }[] = [];
  for (const candidate of pool) {
    const cue = candidate.cue;
    if (cue !== null) found.push({ candidate, item: toItem(candidate, cue.kind, cue.owner, cue.due) });
  }
  const kept = (['decision', 'action_item', 'question'] as const).flatMap((kind) =>
    found
      .filter((entry) => entry.item.kind === kind)
      .sort((a, b) => score(b.candidate, probability, tuning) - score(a.candidate, probability, tuning))
      .slice(0, maxItemsPerKind),
  );
  return kept.sort((a, b) => a.candidate.order - b.candidate.order).map((entry) => entry.item);
}

/**
 * The overview's sentences in time order, each speaker named where the speaker changes ("Project
 * Manager: …"): who said it is part of what a reader needs, and the label is the transcript's own.
 */
function attributed(chosen: readonly Candidate[]): string {
  let previous: string | null = null;
  return chosen
    .map((candidate) => {
      const speaker = candidate.sentence.speaker;
      const text = asSentence(candidate.text);
      const labelled = speaker !== null && speaker !== previous ? `${speaker}: ${text}` : text;
      previous = speaker;
      return labelled;
    })
    .join(' ');
}

/** Each topic's sentence with most of the meeting's frequent words, in meeting order: the topics' key points. */
function topicLeaders(pool: readonly Candidate[], language: string, tuning: ExtractiveTuning): Candidate[] {
  const fresh = wordProbabilities(pool);
  const best = new Map<number, { candidate: Candidate; value: number }>();
  for (const candidate of pool) {
    // A key point stands alone in a list: a few words ("Normal coloured buttons.") or a sentence that
    // trails off says too little there.
    if (candidate.words < minKeyPointWords || breaksOff(candidate.text, language)) continue;
    const value = score(candidate, fresh, tuning);
    if (value > (best.get(candidate.topic)?.value ?? 0)) best.set(candidate.topic, { candidate, value });
  }
  return [...best.values()].map((entry) => entry.candidate).sort((a, b) => a.order - b.order);
}

/** The overview (at most 150 words), one key point per topic and the cue items, all quoted. */
export function summarizeWindowExtractively(
  window: TranscriptWindow,
  tuning: ExtractiveTuning = extractiveTuning,
): SummaryDraft {
  const pool = candidates(window, tuning);
  const picked = selectSentences(pool, tuning);
  const overview = [...picked].sort((a, b) => a.order - b.order);
  const leaders = topicLeaders(pool, window.language, tuning);
  // A short recording's overview is its key points already (every picked sentence leads a topic):
  // listing them again would print each sentence twice.
  const keyPoints = picked.every((candidate) => leaders.includes(candidate))
    ? []
    : leaders.map((candidate) => toItem(candidate, 'key_point', null, null));
  return {
    overview: attributed(overview),
    items: [...keyPoints, ...cueItems(pool, tuning)],
  };
}

/** The overviews' sentences chosen again under the same word limit: the merge step of a long meeting. */
export function mergeOverviewsExtractively(overviews: readonly string[], language: string): string {
  const segments = overviews.map((text, index) => ({
    index,
    segment: { start: index, end: index, text, speaker: null, speakerId: null, words: [] },
  }));
  return summarizeWindowExtractively({ language, segments, position: 0, count: 1 }).overview;
}

/**
 * Topic-wise sentence selection over the whole transcript: no model, no network, always available.
 * Linear in the meeting's length, so it reads the meeting in one window, whatever its length.
 */
export function createExtractiveBackend(): SummaryBackend {
  return {
    name: 'extractive',
    windowSec: Number.POSITIVE_INFINITY,
    summarizeWindow: (window) => Promise.resolve(summarizeWindowExtractively(window)),
    mergeOverviews: (overviews, language) => Promise.resolve(mergeOverviewsExtractively(overviews, language)),
  };
}
