import {
  LogitsProcessor,
  LogitsProcessorList,
  WhisperTimeStampLogitsProcessor,
  type Tensor,
} from '@huggingface/transformers';

import { endsInLoop } from './loop-stop.js';
import { TimestampRules } from './timestamp-rules.js';

/** Mulberry32: a tiny seeded generator, so a fallback decode is reproducible run to run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const argmaxOf = (scores: Float32Array): number => {
  let best = 0;
  for (let token = 1; token < scores.length; token += 1)
    if ((scores[token] ?? -Infinity) > (scores[best] ?? -Infinity)) best = token;
  return best;
};

function pick(scores: Float32Array, best: number, temperature: number, random: () => number): number {
  if (temperature <= 0) return best;
  const top = scores[best] ?? 0;
  let total = 0;
  for (const score of scores) total += Math.exp((score - top) / temperature);
  let target = random() * total;
  for (let token = 0; token < scores.length; token += 1) {
    target -= Math.exp(((scores[token] ?? -Infinity) - top) / temperature);
    if (target <= 0) return token;
  }
  return best;
}

/**
 * The last word on each decoding step, as Whisper's own decoder has it: after every other rule
 * (suppressed tokens, timestamp grammar) it chooses each row's token (greedy, or sampled at the
 * fallback temperature with a seeded generator), records that token's log-probability for the average
 * that decides whether to fall back, and masks every other token so the library's greedy search takes
 * it. A row whose text has started to loop is ended there and marked (the caller treats it as a
 * failed attempt, like a too-compressible text). A row that has ended keeps ending: in a batch, the
 * library goes on stepping every row until the last one ends.
 */
export class DecodingStep extends LogitsProcessor {
  private readonly sumLogprob: number[] = [];
  private readonly tokenCount: number[] = [];
  private readonly ended: boolean[] = [];
  readonly looped: boolean[] = [];
  private readonly random: () => number;

  constructor(
    private readonly temperature: number,
    seed: number,
    private readonly tokens: { endOfText: number; timestampBegin: number },
  ) {
    super();
    this.random = seededRandom(seed);
  }

  averageLogprob(row: number): number {
    const count = this.tokenCount[row] ?? 0;
    return count === 0 ? 0 : (this.sumLogprob[row] ?? 0) / count;
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const rows = logits as unknown as Tensor[];
    for (const [row, ids] of inputIds.entries()) {
      const scores = rows[row]?.data as Float32Array | undefined;
      if (this.ended[row] !== true && endsInLoop(ids, this.tokens.timestampBegin)) {
        this.looped[row] = true;
        this.ended[row] = true;
      }
      if (scores !== undefined) this.step(row, scores);
    }
    return logits;
  }

  private step(row: number, scores: Float32Array): void {
    const { endOfText } = this.tokens;
    if (this.ended[row] === true) {
      scores.fill(-Infinity);
      scores[endOfText] = 0;
      return;
    }
    // One pass finds both the greedy choice and the maximum the log-probability is taken against.
    const best = argmaxOf(scores);
    const max = scores[best] ?? 0;
    const token = pick(scores, best, this.temperature, this.random);
    const top = scores[token] ?? 0;
    let total = 0;
    for (const score of scores) if (score !== -Infinity) total += Math.exp(score - max);
    this.sumLogprob[row] = (this.sumLogprob[row] ?? 0) + top - max - Math.log(total);
    this.tokenCount[row] = (this.tokenCount[row] ?? 0) + 1;
    this.ended[row] = token === endOfText;
    scores.fill(-Infinity);
    scores[token] = Number.isFinite(top) ? top : 0;
  }
}

/**
 * A processor list that keeps one processor last whatever is pushed later: Whisper's generate()
 * appends its timestamp rules after the caller's processors, and the decoding step must see them.
 * Those rules run as TimestampRules: the same masks without a log-softmax over the vocabulary.
 */
export class ProcessorsEndingWith extends LogitsProcessorList {
  constructor(last: LogitsProcessor) {
    super();
    this.processors.push(last);
  }

  override push(item: LogitsProcessor): void {
    const rules = item instanceof WhisperTimeStampLogitsProcessor ? TimestampRules.replacing(item) : item;
    this.processors.splice(this.processors.length - 1, 0, rules);
  }
}
