import { cat, Tensor, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

import { internalsOf } from './whisper-internals.js';

/** What one window's first decoder step says before any text: language scores and "nothing said". */
export interface WindowAnalysis {
  /** The encoder's output for this window alone: [1, frames, width]. */
  encoded: Tensor;
  /** Log-mel features: [1, mels, 3000]. */
  inputFeatures: Tensor;
  /** Probability of each language token, e.g. { de: 0.91, … } (normalized over languages). */
  languageProbabilities: Map<string, number>;
  /** Whisper's no-speech probability (the <|nocaptions|> token after <|startoftranscript|>). */
  noSpeechProbability: number;
}

function softmaxAt(scores: Float32Array, ids: readonly number[]): number[] {
  let max = -Infinity;
  for (const score of scores) if (score > max) max = score;
  let total = 0;
  for (const score of scores) total += Math.exp(score - max);
  return ids.map((id) => Math.exp((scores[id] ?? -Infinity) - max) / total);
}

const rowOf = (tensor: Tensor, row: number): Tensor => tensor.slice([row, row + 1]);

/**
 * Encodes a batch of ≤ 30 s windows in one encoder pass and reads the first decoder step of each:
 * language and no-speech probabilities. Each window keeps its own encoder output, reused by every
 * decoding attempt (greedy and fallbacks).
 */
export async function analyzeWindows(
  asr: AutomaticSpeechRecognitionPipeline,
  windows: readonly Float32Array[],
): Promise<WindowAnalysis[]> {
  const { processor, model } = internalsOf(asr);
  const features = [];
  for (const samples of windows) features.push((await processor(samples)).input_features);
  const batch = features.length === 1 && features[0] !== undefined ? features[0] : cat(features, 0);
  const encoderOutput = await model.sessions.model.run({
    input_features: (batch as unknown as { ort_tensor: unknown }).ort_tensor,
  });
  const encoded = new Tensor(encoderOutput['last_hidden_state'] as never);
  const config = model.generation_config;
  const starts = new Tensor(
    'int64',
    BigInt64Array.from(windows, () => BigInt(config.decoder_start_token_id)),
    [windows.length, 1],
  );
  const { logits } = await model({ encoder_outputs: encoded, decoder_input_ids: starts });
  const languages = Object.entries(config.lang_to_id);
  return features.map((inputFeatures, row) => {
    const scores = (logits as unknown as Tensor[])[row]?.data as Float32Array;
    const [noSpeech = 0, ...languageScores] = softmaxAt(scores, [
      config.no_timestamps_token_id - 1,
      ...languages.map(([, id]) => id),
    ]);
    const languageTotal = languageScores.reduce((sum, value) => sum + value, 0) || 1;
    return {
      encoded: windows.length === 1 ? encoded : rowOf(encoded, row),
      inputFeatures,
      languageProbabilities: new Map(
        languages.map(([token], index) => [token.replace(/[<|>]/g, ''), (languageScores[index] ?? 0) / languageTotal]),
      ),
      noSpeechProbability: noSpeech,
    };
  });
}

/** One window: a batch of one. */
export async function analyzeWindow(
  asr: AutomaticSpeechRecognitionPipeline,
  samples: Float32Array,
): Promise<WindowAnalysis> {
  const [analysis] = await analyzeWindows(asr, [samples]);
  if (analysis === undefined) throw new Error('analyzeWindows returned nothing for one window');
  return analysis;
}
