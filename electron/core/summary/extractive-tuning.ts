/**
 * The extractive summarizer's thresholds in one place, so the bench can sweep each one on the summaries
 * set's train split (`npm run bench:summary -- --split train --sweep name=a,b,c`) and show its plateau.
 * The values are the ones tuned there; val is only for reporting (README, Summaries).
 */
export interface ExtractiveTuning {
  /** A sentence needs this many content words to say something ("Yeah, right." says nothing). */
  minContentWords: number;
  /** Longer sentences are run-ons of unpunctuated speech; they read badly in an overview. */
  maxSentenceWords: number;
  /** The overview's length in words, speaker labels included. */
  overviewWords: number;
  /** Longer sentences hold more of the meeting's words but are penalised by length to this power. */
  lengthPenalty: number;
  /** One topic per this many words of kept speech (AMI: ~6000 words, ~4 topics). */
  wordsPerTopic: number;
  /**
   * The overview's parts take turns giving a sentence; one part per this many words. Coarser than the
   * topics: short parts would each claim a sentence of the 150 words.
   */
  wordsPerOverviewPart: number;
  maxTopics: number;
  /** No topic shorter than this many sentences. */
  minTopicSentences: number;
  /** Sentences on each side of a gap that TextTiling compares (its block size). */
  topicBlockSize: number;
  /** A gap may start a topic when its similarity valley is this many standard deviations deeper than the mean. */
  topicDepthCutoff: number;
}

export const extractiveTuning: ExtractiveTuning = {
  minContentWords: 3,
  maxSentenceWords: 40,
  overviewWords: 150,
  lengthPenalty: 0.5,
  wordsPerTopic: 700,
  wordsPerOverviewPart: 1500,
  maxTopics: 12,
  minTopicSentences: 20,
  topicBlockSize: 12,
  topicDepthCutoff: 0.5,
};

export type TuningName = keyof ExtractiveTuning;

export function isTuningName(name: string): name is TuningName {
  return Object.hasOwn(extractiveTuning, name);
}
