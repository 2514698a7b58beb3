import type { SummaryItem } from '../../contract/meeting-result.js';

import { contentKeys, contentWordFilter } from './content-words.js';
import { matchCue } from './cue-patterns.js';
import { centralityScores, cosine, termVectors, type TermVector } from './sentence-ranking.js';
import type { SummaryBackend, SummaryDraft, TranscriptWindow } from './summary-backend.js';
import { transcriptSentences, type TranscriptSentence } from './transcript-sentences.js';

interface RankedSentence extends TranscriptSentence {
  order: number;
  keys: string[];
  vector: TermVector;
  score: number;
}

/** Sentences with fewer content words than this ("Yeah, right.") are never picked as points. */
const minKeyPointWords = 3;
const minCueWords = 2;
const overviewSentences = 3;
const maxItemsPerKind = 5;
/** Relevance against novelty in maximal marginal relevance; higher favours central sentences. */
const relevanceWeight = 0.7;
/** A speaker with at least this share of a window's content words gets at least one key point. */
const speakerShareForPoint = 0.15;

const leadingFillers = /^(?:(?:um+|uh+|mm+|hmm+|okay|ok|so|alright|all right|well|yeah|right|and|but|oh)[,.!]?\s+)+/i;

/** The sentence as an item's text: hesitations at its start removed, first letter capitalised. */
export function cleanSentence(text: string): string {
  const trimmed = text.replace(leadingFillers, '').trim();
  const cleaned = trimmed === '' ? text.trim() : trimmed;
  return cleaned.charAt(0).toLocaleUpperCase() + cleaned.slice(1);
}

function rankSentences(window: TranscriptWindow): RankedSentence[] {
  const sentences = transcriptSentences(window.segments, window.language);
  const filter = contentWordFilter(
    window.language,
    sentences.map((sentence) => sentence.text),
  );
  const keys = sentences.map((sentence) => contentKeys(sentence.text, filter));
  const vectors = termVectors(keys);
  const scores = centralityScores(vectors);
  return sentences.map((sentence, order) => ({
    ...sentence,
    order,
    keys: keys[order] ?? [],
    vector: vectors[order] as TermVector,
    score: scores[order] ?? 0,
  }));
}

/** Maximal marginal relevance: central sentences first, each unlike those already chosen. */
function selectDiverse(candidates: readonly RankedSentence[], count: number, seed: RankedSentence[]): RankedSentence[] {
  const chosen = [...seed];
  const topScore = Math.max(...candidates.map((candidate) => candidate.score), Number.MIN_VALUE);
  const pool = candidates.filter((candidate) => !chosen.includes(candidate));
  while (chosen.length < count && pool.length > 0) {
    let best = 0;
    let bestValue = -Infinity;
    pool.forEach((candidate, index) => {
      const redundancy = Math.max(0, ...chosen.map((other) => cosine(candidate.vector, other.vector)));
      const value = relevanceWeight * (candidate.score / topScore) - (1 - relevanceWeight) * redundancy;
      if (value > bestValue) [best, bestValue] = [index, value];
    });
    chosen.push(...pool.splice(best, 1));
  }
  return chosen;
}

/** Each speaker who carried a real share of the window contributes their most central sentence. */
function speakerSeeds(candidates: readonly RankedSentence[]): RankedSentence[] {
  const words = new Map<string, number>();
  for (const sentence of candidates) {
    if (sentence.speaker !== null)
      words.set(sentence.speaker, (words.get(sentence.speaker) ?? 0) + sentence.keys.length);
  }
  const total = [...words.values()].reduce((sum, count) => sum + count, 0);
  return [...words]
    .filter(([, count]) => words.size > 1 && count / total >= speakerShareForPoint)
    .map(
      ([speaker]) => candidates.filter((sentence) => sentence.speaker === speaker).sort((a, b) => b.score - a.score)[0],
    )
    .filter((sentence) => sentence !== undefined);
}

function toItem(
  sentence: RankedSentence,
  kind: SummaryItem['kind'],
  owner: string | null,
  due: string | null,
): SummaryItem {
  return { kind, text: cleanSentence(sentence.text), segments: sentence.segments, speakers: [], owner, due };
}

function cueItems(
  ranked: readonly RankedSentence[],
  language: string,
): { items: SummaryItem[]; used: Set<RankedSentence> } {
  const found: { sentence: RankedSentence; item: SummaryItem }[] = [];
  for (const sentence of ranked) {
    if (sentence.keys.length < minCueWords) continue;
    const cue = matchCue(sentence.text, sentence.speaker, language);
    if (cue !== null) found.push({ sentence, item: toItem(sentence, cue.kind, cue.owner, cue.due) });
  }
  const kept = (['decision', 'action_item', 'question'] as const).flatMap((kind) =>
    found
      .filter((entry) => entry.item.kind === kind)
      .sort((a, b) => b.sentence.score - a.sentence.score)
      .slice(0, maxItemsPerKind),
  );
  kept.sort((a, b) => a.sentence.order - b.sentence.order);
  return { items: kept.map((entry) => entry.item), used: new Set(kept.map((entry) => entry.sentence)) };
}

/** Key points, overview and cue items of one window, all quoted from its sentences. */
export function summarizeWindowExtractively(window: TranscriptWindow): SummaryDraft {
  const ranked = rankSentences(window);
  const cues = cueItems(ranked, window.language);
  const candidates = ranked.filter((sentence) => sentence.keys.length >= minKeyPointWords && !cues.used.has(sentence));
  const seeds = speakerSeeds(candidates).slice(0, 6);
  // Every speaker with a real share gets a point, even in a short window.
  const keyPointCount = Math.min(6, Math.max(2, seeds.length, Math.ceil(candidates.length / 10)));
  const points = selectDiverse(candidates, keyPointCount, seeds);
  const overview = [...points]
    .sort((a, b) => b.score - a.score)
    .slice(0, overviewSentences)
    .sort((a, b) => a.order - b.order)
    .map((sentence) => cleanSentence(sentence.text))
    .join(' ');
  const keyPoints = [...points]
    .sort((a, b) => a.order - b.order)
    .map((sentence) => toItem(sentence, 'key_point', null, null));
  return { overview, items: [...keyPoints, ...cues.items] };
}

/** The overviews' most central sentences, in time order: the merge step of a long meeting. */
export function mergeOverviewsExtractively(overviews: readonly string[], language: string): string {
  const segments = overviews.map((text, index) => ({
    index,
    segment: { start: index, end: index, text, speaker: null, speakerId: null, words: [] },
  }));
  const merged = summarizeWindowExtractively({ language, segments, position: 0, count: 1 });
  return merged.overview;
}

/** Sentence ranking over the transcript: no model, no network, always available. */
export function createExtractiveBackend(): SummaryBackend {
  return {
    name: 'extractive',
    summarizeWindow: (window) => Promise.resolve(summarizeWindowExtractively(window)),
    mergeOverviews: (overviews, language) => Promise.resolve(mergeOverviewsExtractively(overviews, language)),
  };
}
