import { LogitsProcessor, WhisperTimeStampLogitsProcessor, type Tensor } from '@huggingface/transformers';

/** The library's processor's fields (pinned version) that its rules read. */
type LibraryTimestampRules = Pick<
  WhisperTimeStampLogitsProcessor,
  'eos_token_id' | 'no_timestamps_token_id' | 'timestamp_begin' | 'begin_index'
>;

/**
 * Whisper's timestamp grammar, the rules transformers.js's WhisperTimeStampLogitsProcessor applies at
 * each decoding step, with one change of method and none of result: whether the timestamps together
 * outweigh the best text token is decided from the logits, log Σ exp(timestamp − m) > best text − m,
 * instead of from a log-softmax of all 51,865 (a new array, an exponential per token, then another
 * per timestamp, at every step; issue 17, lever 6). The normalizer is common to both sides and
 * cancels, so only the 1,501 timestamp logits need an exponential.
 */
export class TimestampRules extends LogitsProcessor {
  private constructor(private readonly rules: LibraryTimestampRules) {
    super();
  }

  /** Takes over the rules generate() made for this decode (its begin index depends on the prompt). */
  static replacing(library: WhisperTimeStampLogitsProcessor): TimestampRules {
    return new TimestampRules(library);
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const rows = logits as unknown as Tensor[];
    for (const [row, ids] of inputIds.entries()) {
      const scores = rows[row]?.data as Float32Array | undefined;
      if (scores !== undefined) this.applyTo(ids, scores);
    }
    return logits;
  }

  private applyTo(ids: readonly bigint[], scores: Float32Array): void {
    const { eos_token_id: endOfText, no_timestamps_token_id: noTimestamps, timestamp_begin: first } = this.rules;
    scores[noTimestamps] = -Infinity;
    const written = ids.length - this.rules.begin_index;
    if (written === 0) {
      // The text opens with a timestamp (the library's initial-timestamp bound is never reached after this).
      scores.fill(-Infinity, 0, first);
      return;
    }
    const isTimestamp = (back: number): boolean => Number(ids[ids.length - back] ?? 0) >= first;
    if (isTimestamp(1)) {
      // Timestamps come in pairs, except right before the end of text.
      if (written < 2 || isTimestamp(2)) scores.fill(-Infinity, first);
      else scores.fill(-Infinity, 0, endOfText);
    }
    if (timestampsOutweighText(scores, first)) scores.fill(-Infinity, 0, first);
  }
}

/** log Σ exp(timestamp logits) > the best text logit: the library's test with the softmax's normalizer cancelled. */
function timestampsOutweighText(scores: Float32Array, first: number): boolean {
  let bestText = -Infinity;
  for (let token = 0; token < first; token += 1) {
    const score = scores[token] ?? -Infinity;
    if (score > bestText) bestText = score;
  }
  let bestTimestamp = -Infinity;
  for (let token = first; token < scores.length; token += 1) {
    const score = scores[token] ?? -Infinity;
    if (score > bestTimestamp) bestTimestamp = score;
  }
  if (bestTimestamp === -Infinity) return false;
  let mass = 0;
  for (let token = first; token < scores.length; token += 1)
    mass += Math.exp((scores[token] ?? -Infinity) - bestTimestamp);
  return bestTimestamp + Math.log(mass) > bestText;
}
