import { cat, Tensor, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

import { DecodingStep, ProcessorsEndingWith } from './decoding-step.js';
import { compressionRatio } from './repetition-guard.js';
import { dropEmptySegments } from './timestamp-tokens.js';
import { internalsOf, type GenerateOutput } from './whisper-internals.js';
import type { WindowAnalysis } from './window-analysis.js';

export interface WindowWord {
  text: string;
  /** Seconds from the start of the window. */
  start: number;
  end: number;
}

export interface DecodedWindow {
  text: string;
  words: WindowWord[];
  averageLogprob: number;
  compressionRatio: number;
  noSpeechProbability: number;
  temperature: number;
  /** True when Whisper's own rule says the window held no speech (text is then empty). */
  skippedAsSilence: boolean;
  /** Where the text ends: the last timestamp token, in seconds from the window start (null: none). */
  endSec: number | null;
  /**
   * How many of the last words come after that timestamp, in a segment Whisper never closed. Whoever
   * reads on from `endSec` reads them again, so drops them (as whisper.cpp and OpenAI's Whisper do).
   */
  unfinishedWords: number;
}

export interface DecodeRules {
  temperatures: readonly number[];
  /** Whisper's defaults: fall back above 2.4 or below −1; skip as silence above 0.6 when also below −1. */
  compressionRatioThreshold: number;
  logprobThreshold: number;
  noSpeechThreshold: number;
  /** Upper bound of tokens per second of audio (a loop stops here instead of at 224). */
  maxTokensPerSecond: number;
  /** Samples drawn at each fallback temperature (one batch); the most probable one is judged. */
  bestOf: number;
}

export const defaultDecodeRules: DecodeRules = {
  temperatures: [0, 0.2, 0.4, 0.6, 0.8, 1],
  compressionRatioThreshold: 2.4,
  logprobThreshold: -1,
  noSpeechThreshold: 0.6,
  maxTokensPerSecond: 12,
  bestOf: 5,
};

/** A window to decode: its samples (for its length) and its analysis (encoder output, no-speech). */
export interface WindowToDecode {
  samples: Float32Array;
  analysis: WindowAnalysis;
}

interface Attempt {
  text: string;
  words: WindowWord[];
  endSec: number | null;
  unfinishedWords: number;
  averageLogprob: number;
  /** Stopped early because the text ended in a repeated phrase. */
  looped: boolean;
}

const sampleRate = 16_000;
const hopLength = 160;
const framesOf = (window: WindowToDecode): number => Math.floor(window.samples.length / hopLength);

/**
 * One row's tokens up to its end-of-text, and its token times from the cross-attentions (DTW), done
 * row by row: transformers.js computes them for a batch of one only.
 */
function rowResult(
  asr: AutomaticSpeechRecognitionPipeline,
  output: GenerateOutput,
  row: number,
  numFrames: number,
): { tokens: bigint[]; times: number[] } {
  const { model, tokenizer } = internalsOf(asr);
  const all = (output.sequences.tolist() as bigint[][])[row] ?? [];
  // The prompt (<|startoftranscript|><|language|><|transcribe|>) ends where the first timestamp is forced.
  const promptLength = Math.max(
    0,
    all.findIndex((token) => Number(token) >= tokenizer.timestamp_begin),
  );
  const eos = BigInt(model.generation_config.eos_token_id);
  const endIndex = all.indexOf(eos, promptLength);
  const tokens = endIndex < 0 ? all : all.slice(0, endIndex + 1);
  const steps = output.cross_attentions
    .slice(0, tokens.length - promptLength)
    .map((layers) => layers.map((tensor) => tensor.slice([row, row + 1])));
  const sequences = new Tensor('int64', BigInt64Array.from(tokens), [1, tokens.length]);
  const timestamps = model._extract_token_timestamps(
    { sequences, cross_attentions: steps },
    model.generation_config.alignment_heads,
    numFrames,
    0.02,
    promptLength,
  );
  return { tokens, times: (timestamps.tolist() as number[][])[0] ?? [] };
}

function wordsOf(
  asr: AutomaticSpeechRecognitionPipeline,
  tokens: bigint[],
  times: number[],
  numFrames: number,
): { text: string; words: WindowWord[]; endSec: number | null; unfinishedWords: number } {
  const { model, tokenizer } = internalsOf(asr);
  const isTimestamp = (token: bigint) => Number(token) >= tokenizer.timestamp_begin;
  const endOfText = BigInt(model.generation_config.eos_token_id);
  const prefix = Math.max(0, tokens.findIndex(isTimestamp));
  const timed = dropEmptySegments(tokens.slice(prefix), times.slice(prefix), {
    timestampBegin: tokenizer.timestamp_begin,
    endOfText: model.generation_config.eos_token_id,
  });
  const decode = (count: number) => {
    const [text, extra] = tokenizer._decode_asr(
      [
        {
          tokens: timed.tokens.slice(0, count),
          token_timestamps: timed.times.slice(0, count),
          stride: [numFrames / 100, 0, 0],
        },
      ],
      { time_precision: 0.02, return_timestamps: 'word', force_full_sequences: false },
    );
    const words = (extra.chunks ?? []).map((chunk, index, all) => {
      const start = chunk.timestamp[0] ?? 0;
      const end = chunk.timestamp[1] ?? all[index + 1]?.timestamp[0] ?? start;
      return { text: chunk.text, start, end: Math.max(start, end) };
    });
    return { text: text.trim(), words };
  };
  const { text, words } = decode(timed.tokens.length);
  const last = timed.tokens.findLastIndex(isTimestamp);
  const endSec = last < 0 ? null : (Number(timed.tokens[last]) - tokenizer.timestamp_begin) * 0.02;
  const unfinished = last >= 0 && timed.tokens.slice(last + 1).some((token) => token !== endOfText);
  const unfinishedWords = unfinished ? Math.max(0, words.length - decode(last + 1).words.length) : 0;
  return { text, words, endSec, unfinishedWords };
}

const joinRows = (tensors: Tensor[]): Tensor => {
  const [only] = tensors;
  return tensors.length === 1 && only !== undefined ? only : cat(tensors, 0);
};

/** One decoding pass over a batch of windows at one temperature (the batch shares the encoder outputs). */
async function decodeBatchAt(
  asr: AutomaticSpeechRecognitionPipeline,
  windows: readonly WindowToDecode[],
  options: { language: string; temperature: number; seed: number; rules: DecodeRules },
): Promise<Attempt[]> {
  const { model, tokenizer } = internalsOf(asr);
  const longestSec = Math.max(...windows.map((window) => window.samples.length / sampleRate));
  const step = new DecodingStep(options.temperature, options.seed, {
    endOfText: model.generation_config.eos_token_id,
    timestampBegin: tokenizer.timestamp_begin,
  });
  const output = await model.generate({
    inputs: joinRows(windows.map((window) => window.analysis.inputFeatures)),
    encoder_outputs: joinRows(windows.map((window) => window.analysis.encoded)),
    language: options.language,
    task: 'transcribe',
    return_timestamps: true,
    output_attentions: true,
    return_dict_in_generate: true,
    max_new_tokens: Math.min(224, Math.ceil(options.rules.maxTokensPerSecond * longestSec) + 8),
    logits_processor: new ProcessorsEndingWith(step),
  });
  return windows.map((window, row) => {
    const { tokens, times } = rowResult(asr, output, row, framesOf(window));
    return {
      ...wordsOf(asr, tokens, times, framesOf(window)),
      averageLogprob: step.averageLogprob(row),
      looped: step.looped[row] === true,
    };
  });
}

type Verdict = { kind: 'silence' | 'accept' | 'retry'; result: DecodedWindow; loops: boolean };

function judge(attempt: Attempt, analysis: WindowAnalysis, temperature: number, rules: DecodeRules): Verdict {
  const ratio = compressionRatio(attempt.text);
  const result: DecodedWindow = {
    text: attempt.text,
    words: attempt.words,
    averageLogprob: attempt.averageLogprob,
    compressionRatio: ratio,
    noSpeechProbability: analysis.noSpeechProbability,
    temperature,
    skippedAsSilence: false,
    endSec: attempt.endSec,
    unfinishedWords: attempt.unfinishedWords,
  };
  const improbable = attempt.averageLogprob < rules.logprobThreshold;
  if (analysis.noSpeechProbability > rules.noSpeechThreshold && improbable) {
    return {
      kind: 'silence',
      loops: false,
      result: { ...result, text: '', words: [], skippedAsSilence: true, endSec: null, unfinishedWords: 0 },
    };
  }
  const loops = attempt.looped || ratio > rules.compressionRatioThreshold;
  return { kind: loops || improbable ? 'retry' : 'accept', loops, result };
}

/** Among failed attempts the most probable non-looping one is kept. */
const better = (candidate: Verdict, best: Verdict | null): boolean =>
  best === null || (!candidate.loops && (best.loops || candidate.result.averageLogprob > best.result.averageLogprob));

/** The candidate Whisper would judge: the most probable, preferring those that did not loop. */
function mostProbable(candidates: readonly Attempt[]): Attempt | undefined {
  const pool = candidates.some((candidate) => !candidate.looped)
    ? candidates.filter((candidate) => !candidate.looped)
    : candidates;
  return pool.reduce<Attempt | undefined>(
    (best, candidate) => (best === undefined || candidate.averageLogprob > best.averageLogprob ? candidate : best),
    undefined,
  );
}

/**
 * Whisper's fallback for one window whose greedy pass failed: at each next temperature, `bestOf` samples
 * drawn together in one batch (the reference implementation's best_of), the most probable one judged.
 */
async function fallBack(
  asr: AutomaticSpeechRecognitionPipeline,
  window: WindowToDecode,
  greedy: Verdict,
  language: string,
  rules: DecodeRules,
): Promise<DecodedWindow> {
  let best = greedy;
  const copies = Array.from({ length: Math.max(1, rules.bestOf) }, () => window);
  for (const [attempt, temperature] of rules.temperatures.entries()) {
    if (attempt === 0) continue;
    const chosen = mostProbable(await decodeBatchAt(asr, copies, { language, temperature, seed: attempt + 1, rules }));
    if (chosen === undefined) break;
    const verdict = judge(chosen, window.analysis, temperature, rules);
    if (verdict.kind !== 'retry') return verdict.result;
    if (better(verdict, best)) best = verdict;
  }
  return best.result;
}

/**
 * Whisper's decoding rules for ≤ 30 s windows, as the reference implementation applies them: a greedy
 * pass (one batch for all the windows given); a window whose text compresses too well (a loop) or whose
 * average log-probability is too low is decoded again at the next temperature, on its own; a window
 * whose no-speech probability is high and whose text is improbable is silence. Among failed attempts
 * the most probable non-looping one is kept.
 */
export async function decodeWindows(
  asr: AutomaticSpeechRecognitionPipeline,
  windows: readonly WindowToDecode[],
  language: string,
  rules: DecodeRules = defaultDecodeRules,
): Promise<DecodedWindow[]> {
  const first = rules.temperatures[0];
  if (first === undefined) throw new Error('decodeWindows needs at least one temperature');
  const greedy = await decodeBatchAt(asr, windows, { language, temperature: first, seed: 1, rules });
  const decoded: DecodedWindow[] = [];
  for (const [row, attempt] of greedy.entries()) {
    const window = windows[row];
    if (window === undefined) continue;
    const verdict = judge(attempt, window.analysis, first, rules);
    decoded.push(verdict.kind === 'retry' ? await fallBack(asr, window, verdict, language, rules) : verdict.result);
  }
  return decoded;
}

/** One window: a batch of one. */
export async function decodeWindow(
  asr: AutomaticSpeechRecognitionPipeline,
  window: WindowToDecode,
  language: string,
  rules: DecodeRules = defaultDecodeRules,
): Promise<DecodedWindow> {
  const [decoded] = await decodeWindows(asr, [window], language, rules);
  if (decoded === undefined) throw new Error('decodeWindows returned nothing for one window');
  return decoded;
}
