import { Tensor, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

interface WhisperInternals {
  processor: (audio: Float32Array) => Promise<{ input_features: Tensor }>;
  model: ((inputs: { input_features: Tensor; decoder_input_ids: Tensor }) => Promise<{ logits: Tensor }>) & {
    generation_config: { decoder_start_token_id: number; lang_to_id: Record<string, number> };
  };
}

/**
 * Whisper's own language identification: one decoder step after <|startoftranscript|>, read over the
 * language tokens. Each window votes with its probabilities, so one noisy window cannot decide alone.
 * Returns an ISO-639-1 code such as 'de'.
 */
export async function detectLanguage(
  asr: AutomaticSpeechRecognitionPipeline,
  windows: Float32Array[],
): Promise<string> {
  const { processor, model } = asr as unknown as WhisperInternals;
  const config = model.generation_config;
  const languages = Object.entries(config.lang_to_id);
  const votes = new Map<string, number>();
  for (const window of windows) {
    const { input_features } = await processor(window);
    const start = new Tensor('int64', BigInt64Array.from([BigInt(config.decoder_start_token_id)]), [1, 1]);
    const { logits } = await model({ input_features, decoder_input_ids: start });
    const scores = logits.data as Float32Array;
    const max = Math.max(...languages.map(([, id]) => scores[id] ?? -Infinity));
    const weights = languages.map(([token, id]) => [token, Math.exp((scores[id] ?? -Infinity) - max)] as const);
    const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
    for (const [token, weight] of weights) votes.set(token, (votes.get(token) ?? 0) + weight / total);
  }
  const [best] = [...votes.entries()].sort((a, b) => b[1] - a[1]);
  return best === undefined ? 'en' : best[0].replace(/[<|>]/g, '');
}
