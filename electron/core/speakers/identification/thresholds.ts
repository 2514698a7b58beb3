/**
 * Calibrated operating points for CAM++ (`campplus-zh-en`) voices compared by the s-norm score
 * (score-normalisation.ts: cosine in cohort standard deviations), measured by `npm run
 * bench:speakers -- --sweep-voiceprint` on ../shared/data/same-speaker/pairs.tsv (75 same-speaker,
 * 75 different-speaker pairs, overlap-free items; EER 6.7 % at 2.14, plain cosine 8.0 %):
 *
 * | threshold | false accept | false reject | use |
 * |---|---|---|---|
 * | 2.0 | 8.0 % | 6.7 % | |
 * | 2.5 | 1.3 % | 6.7 % | suggest: a person confirms, so a wrong suggestion is cheap |
 * | 3.0 | 1.3 % | 8.0 % | |
 * | 3.5 | 0 % | 8.0 % | auto: the highest different-speaker score is 3.11 |
 * | 4.0 | 0 % | 10.7 % | |
 *
 * The cosine thresholds used before (auto 0.50, suggest 0.30) gave false accept 0 % / 4.0 % and
 * false reject 12.0 % / 8.0 %. All rejects at 3.5 are AMI participants across meeting excerpts
 * with 0.7–3 s of speech each; LibriSpeech readers across chapters score 4.0–6.6 and are matched
 * automatically.
 */
export const voiceprintThresholds: { readonly auto: number; readonly suggest: number } = {
  /** At or above: the library speaker is assigned automatically and its voiceprint updated. */
  auto: 3.5,
  /** At or above (and below `auto`): stored as a suggestion for a person to confirm. */
  suggest: 2.5,
};

/**
 * Average-linkage cosine distance (1 - similarity) at which clustering stops merging. On the 10 dev
 * recordings the highest merge of one person's voices is 0.46 (an AMI excerpt) and the lowest
 * merge of two people 0.54 (the two callers of the phone call, one channel); 0.5 is the middle of
 * that gap. `npm run bench:speakers -- --thresholds 0.4,0.45,0.5,0.55,0.6`: 0.40–0.50 give the same
 * counts and DER within 0.2 points; from 0.55 the phone call collapses to one speaker (DER 12 → 30 %).
 * One AMI participant (MEO015 in ami_seriously_mixture) merges with himself only at 0.63, above
 * every two-people merge, so he stays split in two whatever the threshold. On the tune part of
 * bench:speakers' split (issue 20) 0.45, 0.5 and 0.55 give the same DER with collar and 0.4 over-splits,
 * so 0.5 is the middle of that plateau.
 */
export const clusteringThreshold = 0.5;

/** The operating points of one embedding model: how voices are compared, clustered and recognised. */
export interface SpeakerCalibration {
  clusteringThreshold: number;
  voiceprint: { readonly auto: number; readonly suggest: number };
}

export const campplusCalibration: SpeakerCalibration = {
  clusteringThreshold,
  voiceprint: voiceprintThresholds,
};

/**
 * A model with no cohort and no measurement here (a Hub model the build machine could not fetch):
 * plain cosine, the middle of the usual same/different range for clustering, and nobody recognised
 * automatically: a match is only ever suggested, for a person to confirm.
 */
export const unmeasuredCalibration: SpeakerCalibration = {
  clusteringThreshold: 0.5,
  voiceprint: { auto: Number.POSITIVE_INFINITY, suggest: 0.5 },
};
