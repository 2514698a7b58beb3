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
  /**
   * Weight of a sentence's frequent content-word pairs ("remote control", "rubber case") beside its
   * single words: a phrase the meeting keeps using names one of its subjects.
   */
  phraseWeight: number;
  /** Score factor of a question in the overview: a question asks, the summary reports. */
  questionWeight: number;
  /** Score factor of a sentence that breaks off mid-way ("…channel control and."): it reads as a fragment. */
  brokenOffWeight: number;
  /** Score factor of a sentence that states a decision or an action: what a reader most wants. */
  cueWeight: number;
  /** One topic per this many words of kept speech (AMI: ~6000 words, ~4 topics). */
  wordsPerTopic: number;
  maxTopics: number;
  /** No topic shorter than this many sentences. */
  minTopicSentences: number;
  /** Sentences on each side of a gap that TextTiling compares (its block size). */
  topicBlockSize: number;
  /** A gap may start a topic when its similarity valley is this many standard deviations deeper than the mean. */
  topicDepthCutoff: number;
  /**
   * How much who speaks counts beside what is said when cutting topics (as this many words naming the
   * speaker): in a meeting a topic often is one person presenting, then a discussion.
   */
  topicSpeakerWeight: number;
}

export const extractiveTuning: ExtractiveTuning = {
  minContentWords: 3,
  maxSentenceWords: 40,
  overviewWords: 150,
  lengthPenalty: 0.5,
  phraseWeight: 0,
  questionWeight: 1,
  brokenOffWeight: 1,
  cueWeight: 1,
  wordsPerTopic: 1500,
  maxTopics: 12,
  minTopicSentences: 20,
  topicBlockSize: 12,
  topicDepthCutoff: 0.5,
  topicSpeakerWeight: 0,
};

export type TuningName = keyof ExtractiveTuning;

export function isTuningName(name: string): name is TuningName {
  return Object.hasOwn(extractiveTuning, name);
}
