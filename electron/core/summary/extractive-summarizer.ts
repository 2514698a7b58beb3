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
  /** Distinct pairs of content-word keys that follow each other in `text` ("remot contr"). */
  pairs: string[];
  /** The item the sentence makes, if its cue rules find one (decision, action item, question). */
  cue: CueMatch | null;
  /** Score factor for what the sentence is: a question, a decision or action, or neither (1). */
  weight: number;
  words: number;
  /** Words the candidate takes in the overview: its own and its speaker's label. */
  cost: number;
  topic: number;
}

/** The most the overview may hold (its tuned length is `extractiveTuning.overviewWords`). */
export const maxOverviewWords = 150;
const maxItemsPerKind = 5;

function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

function adjacentPairs(keys: readonly string[]): string[] {
  return [...new Set(keys.slice(1).map((key, index) => `${keys[index] ?? ''} ${key}`))];
}

/**
 * A question asks, a decision or action settles something and a broken-off sentence is a fragment: the
 * overview weighs them apart.
 */
function sentenceWeight(text: string, cue: CueMatch | null, language: string, tuning: ExtractiveTuning): number {
  if (/[?？]\s*$/u.test(text)) return tuning.questionWeight;
  if (breaksOff(text, language)) return tuning.brokenOffWeight;
  return cue === null || cue.kind === 'question' ? 1 : tuning.cueWeight;
}

/** The window's sentences that could be quoted, cleaned, each with its topic. */
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
    const inOrder = contentKeys(text, filter);
    const keys = [...new Set(inOrder)];
    const words = wordCount(text);
    if (keys.length < tuning.minContentWords || words > tuning.maxSentenceWords) return;
    const cost = words + (sentence.speaker === null ? 0 : wordCount(sentence.speaker));
    const cue = matchCue(sentence.text, sentence.speaker, window.language);
    const weight = sentenceWeight(text, cue, window.language, tuning);
    kept.push({ sentence, order, text, keys, pairs: adjacentPairs(inOrder), cue, weight, words, cost, topic: 0 });
  });
  const totalWords = kept.reduce((sum, candidate) => sum + candidate.words, 0);
  const topicCount = Math.min(tuning.maxTopics, Math.max(1, Math.round(totalWords / tuning.wordsPerTopic)));
  // The speaker enters as pseudo-words no transcript word can equal (a NUL character leads them).
  const speakerWords = (speaker: string | null) =>
    new Array<string>(Math.max(0, Math.round(tuning.topicSpeakerWeight))).fill(`\0${speaker}`);
  const topics = segmentTopics(
    kept.map((candidate) => [...candidate.keys, ...speakerWords(candidate.sentence.speaker)]),
    topicCount,
    {
      blockSize: tuning.topicBlockSize,
      minTopicSentences: tuning.minTopicSentences,
      depthCutoff: tuning.topicDepthCutoff,
    },
  );
  topics.forEach((span, topic) => {
    for (let i = span.start; i < span.end; i += 1) (kept[i] as Candidate).topic = topic;
  });
  return kept;
}

/** Each topic's content-word keys in meeting order, as the summarizer cuts the window (for the bench's topic check). */
export function topicKeys(window: TranscriptWindow, tuning: ExtractiveTuning = extractiveTuning): string[][] {
  const topics: string[][] = [];
  for (const candidate of candidates(window, tuning)) (topics[candidate.topic] ??= []).push(...candidate.keys);
  return topics;
}

/** How often each content word (or pair) is used in the window, as a share of all of them. */
function probabilities(pool: readonly Candidate[], terms: (candidate: Candidate) => readonly string[]) {
  const counts = new Map<string, number>();
  let total = 0;
  for (const candidate of pool) {
    for (const term of terms(candidate)) counts.set(term, (counts.get(term) ?? 0) + 1);
    total += terms(candidate).length;
  }
  return new Map([...counts].map(([term, count]) => [term, count / Math.max(1, total)]));
}

/** SumBasic's word probabilities, and those of word pairs beside them; both shrink as sentences are picked. */
interface Weights {
  words: Map<string, number>;
  pairs: Map<string, number>;
}

function weights(pool: readonly Candidate[]): Weights {
  return { words: probabilities(pool, (c) => c.keys), pairs: probabilities(pool, (c) => c.pairs) };
}

function score(candidate: Candidate, weights: Weights, tuning: ExtractiveTuning): number {
  const mass = candidate.keys.reduce((sum, key) => sum + (weights.words.get(key) ?? 0), 0);
  const phrases = candidate.pairs.reduce((sum, pair) => sum + (weights.pairs.get(pair) ?? 0), 0);
  return ((mass + tuning.phraseWeight * phrases) * candidate.weight) / candidate.words ** tuning.lengthPenalty;
}

/** The words and pairs of a picked sentence count less afterwards (squared), so the next pick says something new. */
function discount(weights: Weights, picked: Candidate): void {
  for (const key of picked.keys) weights.words.set(key, (weights.words.get(key) ?? 0) ** 2);
  for (const pair of picked.pairs) weights.pairs.set(pair, (weights.pairs.get(pair) ?? 0) ** 2);
}

/**
 * SumBasic (Nenkova & Vanderwende 2005) across topics: topics take turns, largest first, each
 * giving its sentence that holds most of the meeting's frequent words; the words of a chosen
 * sentence then count less (their probability is squared), so the next pick says something new.
 */
function selectSentences(pool: readonly Candidate[], topics: number, tuning: ExtractiveTuning): Candidate[] {
  const budget = Math.min(maxOverviewWords, tuning.overviewWords);
  const probability = weights(pool);
  const byTopic = Array.from({ length: topics }, (_, topic) => pool.filter((candidate) => candidate.topic === topic));
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
      discount(probability, best);
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
  const probability = weights(pool);
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

/** The overview (at most 150 words), one key point per topic and the cue items, all quoted. */
export function summarizeWindowExtractively(
  window: TranscriptWindow,
  tuning: ExtractiveTuning = extractiveTuning,
): SummaryDraft {
  const pool = candidates(window, tuning);
  const topics = pool.reduce((max, candidate) => Math.max(max, candidate.topic + 1), 0);
  // In pick order, a topic's first sentence is its most central one: that is its key point.
  const picked = selectSentences(pool, topics, tuning);
  const overview = [...picked].sort((a, b) => a.order - b.order);
  const firstPerTopic = new Map<number, Candidate>();
  for (const candidate of picked)
    if (!firstPerTopic.has(candidate.topic)) firstPerTopic.set(candidate.topic, candidate);
  // A short recording's overview is its key points already (every picked sentence leads a topic):
  // listing them again would print each sentence twice.
  const keyPoints =
    firstPerTopic.size >= picked.length
      ? []
      : [...firstPerTopic.values()]
          .sort((a, b) => a.order - b.order)
          .map((candidate) => toItem(candidate, 'key_point', null, null));
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
