import type { AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

type OrtFeeds = Record<string, { data?: ArrayLike<unknown> }>;
type OrtResults = Record<string, unknown>;

/** The transformers.js internals (pinned version) that the two fixes below adjust. */
interface WhisperSessions {
  model: {
    forward_params: string[];
    sessions: {
      decoder_model_merged: {
        outputNames: readonly string[];
        run: (feeds: OrtFeeds, ...rest: unknown[]) => Promise<OrtResults>;
      };
    };
  };
}

const encoderCacheOutput = /^present\.\d+\.encoder\./;
const tuned = new WeakSet<object>();

/**
 * Two costs transformers.js pays on every decoding attempt that this worker does not need to:
 *
 * 1. `generate()` keeps only the model's `forward_params` from its arguments, so the encoder output we
 *    computed once per window (and reuse across temperature fallbacks) was dropped and the encoder ran
 *    again for each attempt. Listing `encoder_outputs` there lets generate() skip the encoder.
 * 2. After the first step the merged decoder passes the cross-attention cache (the encoder's keys and
 *    values: ~18 MB for tiny, ~120 MB for large) straight through as outputs, and onnxruntime copies them
 *    back to JavaScript at every token, although transformers.js then keeps its own copy
 *    (getPastKeyValues ignores them). Asking onnxruntime for the other outputs only and handing the
 *    caller the tensors it fed in keeps the result identical.
 *
 * Together with the CPU memory arena (inference-device.ts) this took the 143 decoder steps of one AMI
 * window from ~11.6 s to ~3 s on the 2-core dev machine (under load).
 */
export function tuneWhisperDecoding(asr: AutomaticSpeechRecognitionPipeline): void {
  const { model } = asr as unknown as WhisperSessions;
  if (tuned.has(model)) return;
  tuned.add(model);
  if (!model.forward_params.includes('encoder_outputs')) model.forward_params.push('encoder_outputs');
  const decoder = model.sessions.decoder_model_merged;
  const wanted = decoder.outputNames.filter((name) => !encoderCacheOutput.test(name));
  const run = decoder.run.bind(decoder);
  decoder.run = async (feeds, ...rest) => {
    // use_cache_branch is a bool tensor: onnxruntime holds it as a Uint8Array (1) or a boolean.
    const cached = rest.length === 0 && Number(feeds['use_cache_branch']?.data?.[0] ?? 0) === 1;
    if (!cached) return run(feeds, ...rest);
    const results = await run(feeds, wanted);
    for (const [name, tensor] of Object.entries(feeds)) {
      if (name.includes('.encoder.')) results[name.replace('past_key_values', 'present')] = tensor;
    }
    return results;
  };
}
