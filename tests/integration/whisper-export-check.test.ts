import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadWhisper } from '../../electron/core/asr/whisper-model.js';
import { ModelUnavailableError } from '../../electron/core/errors.js';
import { chooseInferenceDevice, type InferenceDevice } from '../../electron/core/models/inference-device.js';
import { sharedModelsDir } from '../support/shared-data.js';

/**
 * A Whisper export that differs from the one the decoder was written against must stop at load with
 * what to do, not crash or write wrong text mid-meeting. The altered exports are the real tiny files
 * with one generation_config.json field changed, placed where whisper-small goes: small's files are
 * not hash-pinned (model-manifest.ts), so a changed upstream export reaches the worker this way.
 */
const tinyDir = path.join(sharedModelsDir, 'Xenova', 'whisper-tiny');
let workDir: string;
let device: InferenceDevice;

beforeAll(async () => {
  workDir = await mkdtemp(path.join(os.tmpdir(), 'whisper-export-'));
  device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
});
afterAll(async () => {
  await rm(workDir, { recursive: true, force: true });
});

type GenerationConfig = Record<string, unknown> & { lang_to_id: Record<string, number> };

/** A model folder holding tiny's files as Xenova/whisper-small, generation_config.json changed by `alter`. */
async function alteredTiny(name: string, alter: (config: GenerationConfig) => void): Promise<string> {
  const root = path.join(workDir, name);
  const dir = path.join(root, 'Xenova', 'whisper-small');
  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  for (const file of [
    ...(await readdir(tinyDir)),
    ...(await readdir(path.join(tinyDir, 'onnx'))).map((f) => `onnx/${f}`),
  ]) {
    if (file === 'onnx' || file === 'generation_config.json') continue;
    await symlink(path.join(tinyDir, file), path.join(dir, file));
  }
  const config = JSON.parse(await readFile(path.join(tinyDir, 'generation_config.json'), 'utf8')) as GenerationConfig;
  alter(config);
  await writeFile(path.join(dir, 'generation_config.json'), JSON.stringify(config));
  return root;
}

// The float copy is left out: it rewrites the graphs only, which none of these cases changes.
const loadSmall = (root: string) =>
  loadWhisper({
    modelId: 'Xenova/whisper-small',
    modelDir: root,
    allowRemoteModels: false,
    device,
    vadDirs: [sharedModelsDir],
    floatActivations: false,
  });

async function refusal(root: string): Promise<Error> {
  const error = await loadSmall(root).then(
    () => new Error('the altered model loaded'),
    (reason: unknown) => reason as Error,
  );
  expect(error).toBeInstanceOf(ModelUnavailableError);
  expect(error.message).toContain(path.join(root, 'Xenova', 'whisper-small'));
  expect(error.message).toMatch(/Choose another speech model in Settings/);
  return error;
}

describe('the start-up check of a Whisper export', () => {
  it('accepts the real tiny export and turns the decoding fast path on', async () => {
    const recognizer = await loadWhisper({
      modelId: 'Xenova/whisper-tiny',
      modelDir: sharedModelsDir,
      allowRemoteModels: false,
      device,
      floatActivations: false,
    });
    expect(recognizer.fastPathMissing).toBeNull();
  });

  it('stops at load when the export has no alignment heads (word timings would crash mid-meeting)', async () => {
    const root = await alteredTiny('no-alignment-heads', (config) => {
      delete config['alignment_heads'];
    });
    expect((await refusal(root)).message).toMatch(/no alignment_heads, which word timings need/);
  });

  it('stops at load when a token id disagrees with the tokenizer (timestamps would be off by one)', async () => {
    const root = await alteredTiny('shifted-no-timestamps', (config) => {
      config['no_timestamps_token_id'] = Number(config['no_timestamps_token_id']) + 1;
    });
    expect((await refusal(root)).message).toMatch(
      /gives no_timestamps_token_id 50364, the tokenizer gives <\|notimestamps\|> 50363/,
    );
  });

  it('stops at load when the language ids are swapped (English would be decoded as German)', async () => {
    const root = await alteredTiny('swapped-languages', (config) => {
      const { '<|en|>': en = 0, '<|de|>': de = 0 } = config.lang_to_id;
      config.lang_to_id['<|en|>'] = de;
      config.lang_to_id['<|de|>'] = en;
    });
    expect((await refusal(root)).message).toMatch(/lang_to_id disagrees with the tokenizer for <\|de\|>, <\|en\|>/);
  });
});
