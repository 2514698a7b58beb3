import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import {
  LogitsProcessor,
  LogitsProcessorList,
  Tensor,
  WhisperTimeStampLogitsProcessor,
} from '@huggingface/transformers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DecodingStep, ProcessorsEndingWith } from '../../electron/core/asr/decoding-step.js';
import { TimestampRules } from '../../electron/core/asr/timestamp-rules.js';
import { internalsOf } from '../../electron/core/asr/whisper-internals.js';
import { loadWhisper } from '../../electron/core/asr/whisper-model.js';
import { analyzeWindow } from '../../electron/core/asr/window-analysis.js';
import { chooseInferenceDevice } from '../../electron/core/models/inference-device.js';
import { readAsrReferences, sharedModelsDir } from '../support/shared-data.js';

/**
 * Issue 17, lever 6: Whisper's timestamp rules ran as transformers.js's processor, which takes a
 * log-softmax of all 51,865 logits at every step to compare the timestamps' mass with the best text
 * token. TimestampRules compares the same from the logits. Checked here step by step on real logits
 * (whisper-tiny on a real clip): both are applied to copies of every step's scores and must leave the
 * same tokens open.
 */
let workDir: string;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'asr-timestamp-rules-'));
});

afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

/** Runs the library's rules (which the decode then follows) and ours on a copy, and counts where they differ. */
class BothRules extends LogitsProcessor {
  steps = 0;
  differing = 0;
  /** Steps after text where the text was closed: only the timestamps' mass can decide that. */
  massDecided = 0;

  constructor(
    private readonly library: WhisperTimeStampLogitsProcessor,
    private readonly ours: TimestampRules,
  ) {
    super();
  }

  override _call(inputIds: bigint[][], logits: Tensor): Tensor {
    const [batch = 0, vocabulary = 0] = logits.dims;
    const copy = new Tensor('float32', new Float32Array(logits.data as Float32Array), [batch, vocabulary]);
    this.ours(inputIds, copy);
    this.library(inputIds, logits);
    const { begin_index: promptLength, timestamp_begin: firstTimestamp } = this.library as unknown as Record<
      string,
      number
    >;
    for (let row = 0; row < batch; row += 1) {
      const ids = inputIds[row] ?? [];
      const afterText = ids.length > (promptLength ?? 0) && Number(ids.at(-1)) < (firstTimestamp ?? 0);
      const expected = (logits as unknown as Tensor[])[row]?.data as Float32Array;
      const actual = (copy as unknown as Tensor[])[row]?.data as Float32Array;
      this.steps += 1;
      if (expected.some((value, token) => value !== actual[token])) this.differing += 1;
      if (afterText && expected[0] === -Infinity) this.massDecided += 1;
    }
    return logits;
  }
}

describe('Whisper timestamp rules without a log-softmax over the vocabulary (issue 17, lever 6)', () => {
  it('replace the library processor in the list the decoder hands to generate()', () => {
    const list = new ProcessorsEndingWith(new DecodingStep(0, 1, { endOfText: 50257, timestampBegin: 50364 }));
    list.push(
      new WhisperTimeStampLogitsProcessor(
        { eos_token_id: 50257, no_timestamps_token_id: 50363, max_initial_timestamp_index: 1 } as never,
        [50258, 50259, 50359],
      ),
    );
    const kinds = (list as unknown as { processors: object[] }).processors.map(
      (processor) => processor.constructor.name,
    );
    expect(kinds).toEqual(['TimestampRules', 'DecodingStep']);
  });

  it('leave the same tokens open as the library at every step of a real decode', async () => {
    const clip = readAsrReferences().find((row) => row.language === 'en');
    if (clip === undefined) throw new Error('no English clip in ../shared/data/asr');
    const pcm = execFileSync('ffmpeg', [
      '-v',
      'error',
      '-i',
      clip.file,
      '-ac',
      '1',
      '-ar',
      '16000',
      '-f',
      'f32le',
      '-',
    ]);
    const samples = new Float32Array(pcm.buffer, pcm.byteOffset, pcm.length / 4).slice(0, 30 * 16_000);
    const recognizer = await loadWhisper({
      modelId: 'Xenova/whisper-tiny',
      modelDir: sharedModelsDir,
      allowRemoteModels: false,
      device: await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 }),
      appCacheDir: workDir,
    });
    const analysis = await analyzeWindow(recognizer.whisper, samples);
    const { model } = internalsOf(recognizer.whisper);
    let both: BothRules | null = null;
    // generate() pushes its timestamp processor into the caller's list: both rules take its place.
    class Comparing extends LogitsProcessorList {
      override push(item: LogitsProcessor): void {
        if (item instanceof WhisperTimeStampLogitsProcessor) {
          both = new BothRules(item, TimestampRules.replacing(item));
          super.push(both);
        } else super.push(item);
      }
    }
    await model.generate({
      inputs: analysis.inputFeatures,
      encoder_outputs: analysis.encoded,
      language: 'en',
      task: 'transcribe',
      return_timestamps: true,
      max_new_tokens: 120,
      logits_processor: new Comparing(),
    });
    const compared = both as BothRules | null;
    expect(compared?.steps).toBeGreaterThan(20);
    expect(compared?.massDecided).toBeGreaterThan(0);
    expect(compared?.differing).toBe(0);
  }, 120_000);
});
