import { Tensor, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

import { fastPathBlocker, installFastPath, type FastPathModel } from './whisper-fast-path.js';

/** The parts of the loaded model the check drives (transformers.js 4.3.2). */
interface CheckedModel extends FastPathModel {
  (inputs: Record<string, unknown>): Promise<Record<string, Tensor>>;
  config: { d_model: number; max_source_positions: number; num_mel_bins: number };
  generation_config: { decoder_start_token_id: number; no_timestamps_token_id: number };
  generate: (options: Record<string, unknown>) => Promise<unknown>;
  sessions: NonNullable<FastPathModel['sessions']> & {
    model: { run: (...args: unknown[]) => Promise<unknown> };
    decoder_model_merged: { inputMetadata?: readonly { name: string; type?: string }[] };
  };
}

/**
 * Stand-in encoder output: fixed pseudo-random values at the scale of a real one (layer-normed).
 * The check compares two decoder runs on the same input, so what it says does not matter, and 64
 * frames (2 s) instead of 30 s keep it cheap: the decoder reads any number of frames.
 */
function encoderStates(model: CheckedModel): Tensor {
  const width = model.config.d_model;
  const frames = 64;
  const values = new Float32Array(frames * width);
  let seed = 12345;
  for (let i = 0; i < values.length; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    values[i] = seed / 2 ** 31 - 1;
  }
  const wanted = model.sessions.decoder_model_merged.inputMetadata?.find((m) => m.name === 'encoder_hidden_states');
  const states = new Tensor('float32', values, [1, frames, width]);
  return wanted?.type === 'float16' ? states.to('float16') : states;
}

const ids = (tokens: number[]): Tensor =>
  new Tensor(
    'int64',
    BigInt64Array.from(tokens, (t) => BigInt(t)),
    [1, tokens.length],
  );

/** Logits of a second decoder step, the first one that reads the cache (where the fast path acts). */
async function cachedStepLogits(model: CheckedModel, states: Tensor): Promise<Tensor> {
  const { decoder_start_token_id: start, no_timestamps_token_id: noTimestamps } = model.generation_config;
  const first = await model({ encoder_outputs: states, decoder_input_ids: ids([start]) });
  const past = Object.fromEntries(
    Object.entries(first)
      .filter(([name]) => name.startsWith('present.'))
      .map(([name, tensor]) => [name.replace(/^present\./, 'past_key_values.'), tensor]),
  );
  const second = await model({
    encoder_outputs: states,
    decoder_input_ids: ids([noTimestamps]),
    past_key_values: past,
  });
  const logits = second['logits'];
  if (logits === undefined) throw new Error('the decoder gave no logits');
  return logits;
}

function largestDifference(a: Tensor, b: Tensor): number {
  const [x, y] = [a.data as ArrayLike<number | bigint>, b.data as ArrayLike<number | bigint>];
  if (x.length !== y.length) return Infinity;
  let largest = 0;
  for (let i = 0; i < x.length; i++) largest = Math.max(largest, Math.abs(Number(x[i]) - Number(y[i])));
  return largest;
}

/** How often generate() runs the encoder when handed the encoder output (the fast path makes it 0). */
async function encoderRunsInGenerate(model: CheckedModel, states: Tensor): Promise<number> {
  const encoder = model.sessions.model;
  const run = encoder.run;
  let runs = 0;
  encoder.run = (...args) => {
    runs++;
    return run.apply(encoder, args);
  };
  try {
    const start = model.generation_config.decoder_start_token_id;
    const frames = 2 * model.config.max_source_positions;
    const silence = new Tensor('float32', new Float32Array(model.config.num_mel_bins * frames), [
      1,
      model.config.num_mel_bins,
      frames,
    ]);
    await model.generate({
      inputs: silence,
      encoder_outputs: states,
      decoder_input_ids: ids([start]),
      max_new_tokens: 1,
    });
  } finally {
    encoder.run = run;
  }
  return runs;
}

/** Logit differences above this mean the fast path changed what the decoder says. */
const tolerance = 1e-4;

async function verify(model: CheckedModel): Promise<string | null> {
  const states = encoderStates(model);
  const reference = await cachedStepLogits(model, states);
  const fastPath = installFastPath(model);
  try {
    const tuned = await cachedStepLogits(model, states);
    const difference = largestDifference(reference, tuned);
    if (fastPath.cachedSteps === 0) return 'transformers.js did not call the decoder the way the fast path expects';
    if (!(difference <= tolerance))
      return `a cached decoder step gave other logits (largest difference ${difference.toPrecision(3)})`;
    const encoderRuns = await encoderRunsInGenerate(model, states);
    if (encoderRuns > 0) return 'generate() ran the encoder although it was given the encoder output';
    return null;
  } finally {
    // Removed here and installed again by the caller only when all is well: never left half-checked.
    fastPath.remove();
  }
}

/**
 * Installs the Whisper fast path (whisper-fast-path.ts) once the model is loaded, after checking what
 * it assumes about this export and this transformers.js: the names it relies on, that a cached decoder
 * step gives the same logits with and without it, and that generate() then skips the encoder. Returns
 * why it stays off (the slow, unpatched path is used; the caller logs the reason), or null when on.
 */
export async function tuneWhisperDecoding(asr: AutomaticSpeechRecognitionPipeline): Promise<string | null> {
  const model = (asr as unknown as { model: CheckedModel }).model;
  const problem =
    fastPathBlocker(model) ??
    (await verify(model).catch(
      (error: unknown) => `its check failed: ${error instanceof Error ? error.message : String(error)}`,
    ));
  if (problem !== null) return problem;
  installFastPath(model);
  return null;
}
