import { Tensor, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

import { DecodingStep, ProcessorsEndingWith } from './decoding-step.js';
import { compressionRatio } from './repetition-guard.js';

/** The parts of the transformers.js Whisper pipeline this decoder drives directly. */
interface WhisperInternals {
  processor: (audio: Float32Array) => Promise<{ input_features: Tensor }>;
  tokenizer: {
    timestamp_begin: number;
    _decode_asr: (
      chunks: { tokens: bigint[]; token_timestamps: number[]; stride: number[] }[],
      options: { time_precision: number; return_timestamps: 'word'; force_full_sequences: boolean },
    ) => [string, { chunks?: { text: string; timestamp: [number | null, number | null] }[] }];
  };
  model: ((inputs: Record<string, Tensor>) => Promise<{ logits: Tensor }>) & {
    sessions: { model: { run: (feeds: Record<string, unknown>) => Promise<Record<string, unknown>> } };
    generate: (options: Record<string, unknown>) => Promise<{ sequences: Tensor; token_timestamps: Tensor }>;
    generation_config: {
      decoder_start_token_id: number;
      no_timestamps_token_id: number;
      lang_to_id: Record<string, number>;
    };
  };
}

export interface WindowWord {
  text: string;
  /** Seconds from the start of the window. */
  start: number;
  end: number;
}

/** What one window's first decoder step says before any text: language scores and "nothing said". */
export interface WindowAnalysis {
  encoded: Tensor;
  inputFeatures: Tensor;
  /** Probability of each language token, e.g. { de: 0.91, … } (normalized over languages). */
  languageProbabilities: Map<string, number>;
  /** Whisper's no-speech probability (the <|nocaptions|> token after <|startoftranscript|>). */
  noSpeechProbability: number;
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
}

export interface DecodeRules {
  temperatures: readonly number[];
  /** Whisper's defaults: fall back above 2.4 or below −1; skip as silence above 0.6 when also below −1. */
  compressionRatioThreshold: number;
  logprobThreshold: number;
  noSpeechThreshold: number;
  /** Upper bound of tokens per second of audio (a loop stops here instead of at 224). */
  maxTokensPerSecond: number;
}

export const defaultDecodeRules: DecodeRules = {
  temperatures: [0, 0.2, 0.4, 0.6, 0.8, 1],
  compressionRatioThreshold: 2.4,
  logprobThreshold: -1,
  noSpeechThreshold: 0.6,
  maxTokensPerSecond: 12,
};

const sampleRate = 16_000;
const hopLength = 160;

function softmaxAt(scores: Float32Array, ids: readonly number[]): number[] {
  let max = -Infinity;
  for (const score of scores) if (score > max) max = score;
  let total = 0;
  for (const score of scores) total += Math.exp(score - max);
  return ids.map((id) => Math.exp((scores[id] ?? -Infinity) - max) / total);
}

/** Encodes a window once and reads the first decoder step: language and no-speech probabilities. */
export async function analyzeWindow(
  asr: AutomaticSpeechRecognitionPipeline,
  samples: Float32Array,
): Promise<WindowAnalysis> {
  const { processor, model } = asr as unknown as WhisperInternals;
  const { input_features } = await processor(samples);
  const encoderOutput = await model.sessions.model.run({
    input_features: (input_features as unknown as { ort_tensor: unknown }).ort_tensor,
  });
  const encoded = new Tensor(encoderOutput['last_hidden_state'] as never);
  const config = model.generation_config;
  const start = new Tensor('int64', BigInt64Array.from([BigInt(config.decoder_start_token_id)]), [1, 1]);
  const { logits } = await model({ encoder_outputs: encoded, decoder_input_ids: start });
  const scores = logits.data as Float32Array;
  const languages = Object.entries(config.lang_to_id);
  const [noSpeech = 0, ...languageScores] = softmaxAt(scores, [
    config.no_timestamps_token_id - 1,
    ...languages.map(([, id]) => id),
  ]);
  const languageTotal = languageScores.reduce((sum, value) => sum + value, 0) || 1;
  const languageProbabilities = new Map(
    languages.map(([token], index) => [token.replace(/[<|>]/g, ''), (languageScores[index] ?? 0) / languageTotal]),
  );
  return { encoded, inputFeatures: input_features, languageProbabilities, noSpeechProbability: noSpeech };
}

async function decodeAt(
  asr: AutomaticSpeechRecognitionPipeline,
  analysis: WindowAnalysis,
  options: { language: string; temperature: number; maxNewTokens: number; numFrames: number; seed: number },
): Promise<{ text: string; words: WindowWord[]; averageLogprob: number }> {
  const { tokenizer, model } = asr as unknown as WhisperInternals;
  const step = new DecodingStep(options.temperature, options.seed);
  const output = await model.generate({
    inputs: analysis.inputFeatures,
    encoder_outputs: analysis.encoded,
    language: options.language,
    task: 'transcribe',
    return_timestamps: true,
    return_token_timestamps: true,
    num_frames: options.numFrames,
    max_new_tokens: options.maxNewTokens,
    logits_processor: new ProcessorsEndingWith(step),
  });
  const sequence = (output.sequences.tolist() as bigint[][])[0] ?? [];
  const times = (output.token_timestamps.tolist() as number[][])[0] ?? [];
  const prefix = Math.max(
    0,
    sequence.findIndex((token) => Number(token) >= tokenizer.timestamp_begin),
  );
  const [text, extra] = tokenizer._decode_asr(
    [
      {
        tokens: sequence.slice(prefix),
        token_timestamps: times.slice(prefix),
        stride: [options.numFrames / 100, 0, 0],
      },
    ],
    { time_precision: 0.02, return_timestamps: 'word', force_full_sequences: false },
  );
  const words = (extra.chunks ?? []).map((chunk, index, all) => {
    const start = chunk.timestamp[0] ?? 0;
    const end = chunk.timestamp[1] ?? all[index + 1]?.timestamp[0] ?? start;
    return { text: chunk.text, start, end: Math.max(start, end) };
  });
  return { text: text.trim(), words, averageLogprob: step.averageLogprob };
}

/**
 * Whisper's decoding rules for one ≤ 30 s window, as the reference implementation applies them:
 * greedy first; when the text compresses too well (a loop) or its average log-probability is too low,
 * decode again at the next temperature; a window whose no-speech probability is high and whose text
 * is improbable is silence. Among failed attempts the most probable non-looping one is kept.
 */
export async function decodeWindow(
  asr: AutomaticSpeechRecognitionPipeline,
  samples: Float32Array,
  analysis: WindowAnalysis,
  language: string,
  rules: DecodeRules = defaultDecodeRules,
): Promise<DecodedWindow> {
  const durationSec = samples.length / sampleRate;
  const maxNewTokens = Math.min(224, Math.ceil(rules.maxTokensPerSecond * durationSec) + 8);
  const numFrames = Math.floor(samples.length / hopLength);
  let best: DecodedWindow | null = null;
  for (const [attempt, temperature] of rules.temperatures.entries()) {
    const decoded = await decodeAt(asr, analysis, {
      language,
      temperature,
      maxNewTokens,
      numFrames,
      seed: attempt + 1,
    });
    const ratio = compressionRatio(decoded.text);
    const result: DecodedWindow = {
      ...decoded,
      compressionRatio: ratio,
      noSpeechProbability: analysis.noSpeechProbability,
      temperature,
      skippedAsSilence: false,
    };
    const improbable = decoded.averageLogprob < rules.logprobThreshold;
    if (analysis.noSpeechProbability > rules.noSpeechThreshold && improbable) {
      return { ...result, text: '', words: [], skippedAsSilence: true };
    }
    const loops = ratio > rules.compressionRatioThreshold;
    if (!loops && !improbable) return result;
    if (
      best === null ||
      (!loops &&
        (best.compressionRatio > rules.compressionRatioThreshold || result.averageLogprob > best.averageLogprob))
    ) {
      best = result;
    }
  }
  if (best === null) throw new Error('decodeWindow needs at least one temperature');
  return best;
}
