import { execFileSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { whisperModelIds } from '../../../electron/contract/settings.js';
import {
  listGpuAdapters,
  parseNvidiaSmi,
  parseSystemProfiler,
  parseVideoControllers,
} from '../../../electron/core/gpu-adapters.js';
import { whisperModelChoices } from '../../../electron/core/system-info.js';
import { sharedModelsDir } from '../../support/shared-data.js';

function onPath(tool: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`]);
    return true;
  } catch {
    return false;
  }
}

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

  it.skipIf(onPath('nvidia-smi'))('finds no GPU on a Linux machine without the NVIDIA tools (this one)', async () => {
    expect(await listGpuAdapters('linux')).toEqual([]);
  });

  it('lists what the platform tool reports, and nothing when the tool fails', async () => {
    const asked: string[] = [];
    const adapters = await listGpuAdapters('linux', (file, args) => {
      asked.push([file, ...args].join(' '));
      return Promise.resolve('0, NVIDIA L4\n');
    });
    expect(adapters).toEqual([{ index: 0, name: 'NVIDIA L4' }]);
    expect(asked).toEqual(['nvidia-smi --query-gpu=index,name --format=csv,noheader']);
    expect(await listGpuAdapters('win32', () => Promise.reject(new Error('spawn powershell.exe ENOENT')))).toEqual([]);
  });
});

describe('Whisper model choices', () => {
  it('offers every model the settings accept, with size, speed and whether it is already here', () => {
    const choices = whisperModelChoices([sharedModelsDir]);
    expect(choices.map((choice) => choice.id)).toEqual([...whisperModelIds]);
    const byId = Object.fromEntries(choices.map((choice) => [choice.id, choice]));
    expect(byId['Xenova/whisper-tiny']).toMatchObject({ speedTier: 'fastest', downloaded: true });
    expect(byId['Xenova/whisper-tiny']?.sizeBytes).toBeGreaterThan(40e6);
    expect(byId['onnx-community/whisper-large-v3-turbo']).toMatchObject({ speedTier: 'accurate', downloaded: false });
    expect(whisperModelChoices([]).every((choice) => !choice.downloaded)).toBe(true);
  });
});
