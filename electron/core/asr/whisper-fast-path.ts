type OrtFeeds = Record<string, { data?: ArrayLike<unknown> }>;
type OrtResults = Record<string, unknown>;
type Run = (feeds: OrtFeeds, ...rest: unknown[]) => Promise<OrtResults>;

/**
 * The transformers.js internals (pinned version) that the two fixes below adjust. Optional where a
 * different export or version may lack them: fastPathBlocker says which is missing.
 */
export interface FastPathModel {
  forward_params?: string[];
  sessions?: {
    decoder_model_merged?: { inputNames?: readonly string[]; outputNames?: readonly string[]; run?: Run };
  };
}

/** An installed fast path. */
export interface FastPath {
  /** Decoder calls answered the fast way since it was installed (the start check expects some). */
  readonly cachedSteps: number;
  /** Puts transformers.js back as it was (the start check does this when the fast path is wrong). */
  remove(): void;
}

const encoderCacheOutput = /^present\.(\d+)\.encoder\.(key|value)$/;
/** The cache input whose tensor is handed back as the encoder-cache output of the same name. */
const feedOf = (output: string): string => output.replace(/^present\./, 'past_key_values.');

/**
 * Why this export cannot take the fast path (null: it can): the decoder must be a merged decoder with
 * a use_cache_branch input, and each encoder-cache output must have the cache input of the same
 * name whose tensor is handed back in its place.
 */
export function fastPathBlocker(model: FastPathModel): string | null {
  if (!Array.isArray(model.forward_params)) return 'transformers.js has no forward_params list on the model';
  const decoder = model.sessions?.decoder_model_merged;
  if (typeof decoder?.run !== 'function') return 'the model has no merged decoder session (decoder_model_merged)';
  const inputs = decoder.inputNames ?? [];
  if (!inputs.includes('use_cache_branch')) return 'the decoder has no use_cache_branch input';
  const cacheOutputs = (decoder.outputNames ?? []).filter((name) => encoderCacheOutput.test(name));
  if (cacheOutputs.length === 0) return 'the decoder has no encoder-cache outputs (present.N.encoder.key/value)';
  const unpaired = cacheOutputs.filter((name) => !inputs.includes(feedOf(name)));
  if (unpaired.length > 0) return `the decoder has no cache input for ${unpaired.join(', ')}`;
  return null;
}

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
 * window from ~11.6 s to ~3 s on the 2-core dev machine (under load). Both rest on transformers.js
 * internals, so the caller checks them first (fastPathBlocker) and proves the result unchanged
 * afterwards (whisper-fast-path-check.ts).
 */
export function installFastPath(model: FastPathModel): FastPath {
  const blocker = fastPathBlocker(model);
  const forwardParams = model.forward_params;
  const decoder = model.sessions?.decoder_model_merged;
  const original = decoder?.run;
  if (blocker !== null || forwardParams === undefined || decoder === undefined || original === undefined) {
    throw new Error(`The Whisper fast path cannot be installed: ${blocker ?? 'unknown reason'}.`);
  }
  const addedParam = !forwardParams.includes('encoder_outputs');
  if (addedParam) forwardParams.push('encoder_outputs');
  const wanted = (decoder.outputNames ?? []).filter((name) => !encoderCacheOutput.test(name));
  const cacheOutputs = (decoder.outputNames ?? []).filter((name) => encoderCacheOutput.test(name));
  const run = original.bind(decoder);
  let cachedSteps = 0;
  decoder.run = async (feeds, ...rest) => {
    // use_cache_branch is a bool tensor: onnxruntime holds it as a Uint8Array (1) or a boolean.
    const cached = rest.length === 0 && Number(feeds['use_cache_branch']?.data?.[0] ?? 0) === 1;
    if (!cached) return run(feeds, ...rest);
    cachedSteps++;
    const results = await run(feeds, wanted);
    for (const name of cacheOutputs) results[name] = feeds[feedOf(name)];
    return results;
  };
  return {
    get cachedSteps() {
      return cachedSteps;
    },
    remove() {
      decoder.run = original;
      if (addedParam) forwardParams.splice(forwardParams.indexOf('encoder_outputs'), 1);
    },
  };
}
