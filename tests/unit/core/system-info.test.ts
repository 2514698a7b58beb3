import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { whisperModelIds } from '../../../electron/contract/settings.js';
import {
  listGpuAdapters,
  parseNvidiaSmi,
  parseSystemProfiler,
  parseVideoControllers,
} from '../../../electron/core/gpu-adapters.js';
import { whisperModelChoices } from '../../../electron/core/system-info.js';
import { sharedModelsDir } from '../../support/shared-data.js';

const workDir = mkdtempSync(path.join(os.tmpdir(), 'system-info-'));
afterAll(() => {
  rmSync(workDir, { recursive: true, force: true });
});

/**
 * Runs `check` with PATH holding only a folder with `nvidia-smi` as `script` (or no nvidia-smi when
 * null). A stand-in, because the NVIDIA tool needs the NVIDIA driver; it answers only the query the
 * worker is meant to ask, so the real spawn, arguments, timeout and parsing are what is tested.
 */
async function withNvidiaSmi<T>(name: string, script: string | null, check: () => Promise<T>): Promise<T> {
  const bin = path.join(workDir, name);
  mkdirSync(bin);
  if (script !== null) {
    writeFileSync(path.join(bin, 'nvidia-smi'), `#!/bin/sh\n${script}\n`);
    chmodSync(path.join(bin, 'nvidia-smi'), 0o755);
  }
  const saved = process.env['PATH'];
  process.env['PATH'] = bin;
  try {
    return await check();
  } finally {
    process.env['PATH'] = saved;
  }
}

const answersTheQuery = (stdout: string) =>
  `[ "$*" = "--query-gpu=index,name --format=csv,noheader" ] || { echo "unexpected: $*" >&2; exit 2; }\nprintf '${stdout}'`;

describe('GPU adapters for the settings device choice', () => {
  it('reads the index and name nvidia-smi prints for each GPU', () => {
    const stdout = '0, NVIDIA H200\n1, NVIDIA GeForce RTX 4090\n';
    expect(parseNvidiaSmi(stdout)).toEqual([
      { index: 0, name: 'NVIDIA H200' },
      { index: 1, name: 'NVIDIA GeForce RTX 4090' },
    ]);
    expect(parseNvidiaSmi('No devices were found\n')).toEqual([]);
  });

  it("numbers Windows' video controllers in order, leaving out the Basic Render Driver", () => {
    const stdout = 'Intel(R) UHD Graphics 770\r\nNVIDIA GeForce RTX 3060\r\nMicrosoft Basic Render Driver\r\n\r\n';
    expect(parseVideoControllers(stdout)).toEqual([
      { index: 0, name: 'Intel(R) UHD Graphics 770' },
      { index: 1, name: 'NVIDIA GeForce RTX 3060' },
    ]);
  });

  it("reads a Mac's GPU from system_profiler's JSON", () => {
    const stdout = JSON.stringify({
      SPDisplaysDataType: [{ _name: 'Apple M2 Pro', sppci_model: 'Apple M2 Pro', sppci_cores: '19' }],
    });
    expect(parseSystemProfiler(stdout)).toEqual([{ index: 0, name: 'Apple M2 Pro' }]);
  });

  it("lists the GPUs nvidia-smi prints, asking it the worker's query", async () => {
    const found = await withNvidiaSmi('two-gpus', answersTheQuery('0, NVIDIA H200\\n1, NVIDIA L4\\n'), () =>
      listGpuAdapters('linux'),
    );
    expect(found).toEqual([
      { index: 0, name: 'NVIDIA H200' },
      { index: 1, name: 'NVIDIA L4' },
    ]);
  });

  it('finds no GPU, without an error, when nvidia-smi is missing or cannot reach the driver', async () => {
    expect(await withNvidiaSmi('no-tool', null, () => listGpuAdapters('linux'))).toEqual([]);
    const noDriver = 'echo "NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver."; exit 9';
    expect(await withNvidiaSmi('no-driver', noDriver, () => listGpuAdapters('linux'))).toEqual([]);
  });

  it("finds no GPU, without an error, when Windows' tool fails", async () => {
    expect(await listGpuAdapters('win32', () => Promise.reject(new Error('spawn powershell.exe ENOENT')))).toEqual([]);
  });
});

describe('Whisper model choices', () => {
  /** A model folder with every file of the model in ../shared linked in, except `missing`. */
  function modelFolder(name: string, id: string, missing: string): string {
    const dir = path.join(workDir, name);
    const from = path.join(sharedModelsDir, id);
    for (const file of [...readdirSync(from), ...readdirSync(path.join(from, 'onnx')).map((f) => `onnx/${f}`)]) {
      if (file === 'onnx' || file === missing) continue;
      mkdirSync(path.dirname(path.join(dir, id, file)), { recursive: true });
      symlinkSync(path.join(from, file), path.join(dir, id, file));
    }
    return dir;
  }

  it('offers every model the settings accept, with its size and speed', () => {
    const choices = whisperModelChoices([]);
    expect(choices.map((choice) => choice.id)).toEqual([...whisperModelIds]);
    const byId = Object.fromEntries(choices.map((choice) => [choice.id, choice]));
    expect(byId['Xenova/whisper-tiny']).toMatchObject({ speedTier: 'fastest', downloaded: false });
    expect(byId['Xenova/whisper-tiny']?.sizeBytes).toBeGreaterThan(40e6);
    expect(byId['onnx-community/whisper-large-v3-turbo']).toMatchObject({ speedTier: 'accurate', downloaded: false });
  });

  it('says a model is downloaded only when one folder holds every one of its files', () => {
    const complete = path.join(workDir, 'complete');
    for (const id of ['Xenova/whisper-tiny', 'Xenova/whisper-base']) {
      const from = path.join(sharedModelsDir, id);
      mkdirSync(path.join(complete, path.dirname(id)), { recursive: true });
      symlinkSync(from, path.join(complete, id));
    }
    const partial = modelFolder('partial', 'Xenova/whisper-tiny', 'onnx/decoder_model_merged_quantized.onnx');
    const downloaded = (dirs: string[]) =>
      whisperModelChoices(dirs)
        .filter((choice) => choice.downloaded)
        .map((choice) => choice.id);
    expect(downloaded([complete])).toEqual(['Xenova/whisper-tiny', 'Xenova/whisper-base']);
    // One file short is not downloaded; a complete copy later in the list still counts.
    expect(downloaded([partial])).toEqual([]);
    expect(downloaded([partial, complete])).toEqual(['Xenova/whisper-tiny', 'Xenova/whisper-base']);
    expect(downloaded([modelFolder('no-tokenizer', 'Xenova/whisper-base', 'tokenizer.json')])).toEqual([]);
  });
});
