/**
 * Calibrated operating points for CAM++ (`campplus-zh-en`): cosine similarity of L2-normalised
 * embeddings, measured by `npm run bench:speakers` on ../shared/data/same-speaker/pairs.tsv
 * (75 same-speaker, 75 different-speaker pairs; EER 8.0 % at 0.278, as in PyTorch):
 *
 * | threshold | false accept | false reject | use |
 * |---|---|---|---|
 * | 0.30 | 4.0 % | 8.0 % | suggest: a person confirms, so a wrong suggestion is cheap |
 * | 0.40 | 0 % | 9.3 % | |
 * | 0.50 | 0 % | 12.0 % | auto: the highest different-speaker score is 0.371, a 0.13 margin |
 * | 0.60 | 0 % | 17.3 % | |
 *
 * All rejects at 0.5 are AMI far-field participants across meetings (cross-recording pairs);
 * LibriSpeech readers across chapters score 0.52–0.76 and are matched automatically.
 */
export const voiceprintThresholds: { readonly auto: number; readonly suggest: number } = {
  /** At or above: the library speaker is assigned automatically and its voiceprint updated. */
  auto: 0.5,
  /** At or above (and below `auto`): stored as a suggestion for a person to confirm. */
  suggest: 0.3,
};

/**
 * Average-linkage cosine distance (1 - similarity) at which clustering stops merging; swept over
 * 0.40–0.60 on the 10 dev recordings with `npm run bench:speakers -- --thresholds ...`.
 */
export const clusteringThreshold = 0.5;
