/**
 * The start-up check covers the Silero VAD too: it ships with the app and is never downloaded, so a
 * worker whose copy is missing or damaged would claim a meeting only to hand it back when the speech
 * model loads. Real ffmpeg, the real speech model from ../shared, the real VAD file and its pinned hash.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkMachine } from '../../../electron/core/machine-check.js';
import { chooseInferenceDevice, type InferenceDevice } from '../../../electron/core/models/inference-device.js';
import { repoDir, sharedModelsDir } from '../../support/shared-data.js';

const shippedVad = path.join(repoDir, 'resources', 'models', 'silero', 'silero_vad.onnx');

describe('the machine check at worker start', () => {
  let dir = '';
  let device: InferenceDevice;
  const check = (vadDirs: string[], allowRemoteModels = false) =>
    checkMachine({
      ffmpeg: '/usr/bin/ffmpeg',
      audioTempDir: path.join(dir, 'temp'),
      whisper: { modelId: 'Xenova/whisper-tiny', modelDir: sharedModelsDir, allowRemoteModels, device, vadDirs },
    });
  /** A model folder holding a VAD copy: the shipped bytes, or these bytes. */
  const vadFolder = (name: string, bytes?: Buffer): string => {
    const folder = path.join(dir, name);
    mkdirSync(path.join(folder, 'silero'), { recursive: true });
    const file = path.join(folder, 'silero', 'silero_vad.onnx');
    if (bytes === undefined) copyFileSync(shippedVad, file);
    else writeFileSync(file, bytes);
    return folder;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-machine-check-'));
    device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes with the speech model and an intact VAD', async () => {
    expect(await check([vadFolder('intact')])).toBeNull();
  });

  it('reports a missing VAD before anything is claimed, with downloads off or on', async () => {
    const empty = path.join(dir, 'empty');
    mkdirSync(empty);
    for (const allowRemoteModels of [false, true]) {
      expect(await check([empty], allowRemoteModels)).toMatch(
        /voice activity \(Silero VAD\) model file silero\/silero_vad\.onnx was not found intact: missing .*empty.*Check the model folder/,
      );
    }
  });

  it('reports a damaged VAD', async () => {
    expect(await check([vadFolder('damaged', Buffer.from('not an onnx model'))])).toMatch(
      /Silero VAD\) model file silero\/silero_vad\.onnx was not found intact: corrupt/,
    );
  });
});
