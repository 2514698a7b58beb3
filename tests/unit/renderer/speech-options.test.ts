import { describe, expect, it } from 'vitest';

import type { SystemInfo } from '../../../electron/contract/events.js';
import { whisperModelIds } from '../../../electron/contract/settings.js';
import { whisperLanguageCodes } from '../../../electron/contract/whisper-languages.js';
import {
  gpuDeviceChoices,
  languageOptions,
  whisperModelOptions,
} from '../../../renderer/views/settings/speech-options.js';

const cpuOnly: SystemInfo = {
  platform: 'linux',
  arch: 'x64',
  cpuModel: 'AMD EPYC',
  cpuCores: 2,
  totalMemoryBytes: 8e9,
  gpus: [],
  gpuBackends: [],
  whisperModels: [
    { id: 'Xenova/whisper-tiny', sizeBytes: 45_200_000, speedTier: 'fastest', downloaded: true },
    { id: 'Xenova/whisper-small', sizeBytes: 250_000_000, speedTier: 'balanced', downloaded: false },
    { id: 'onnx-community/whisper-large-v3-turbo', sizeBytes: 1e9, speedTier: 'accurate', downloaded: false },
  ],
  backend: 'cpu',
  backendReason: 'no GPU backend found on this machine: using the CPU (2 threads)',
  whisperModel: 'Xenova/whisper-tiny',
  whisperModelReason: 'auto: 2 CPU cores, no GPU in use',
  localChatServers: [],
};
const windowsPc: SystemInfo = {
  ...cpuOnly,
  platform: 'win32',
  gpus: [
    { index: 0, name: 'Intel(R) UHD Graphics 770' },
    { index: 1, name: 'NVIDIA GeForce RTX 3060' },
  ],
  gpuBackends: ['dml', 'webgpu'],
  backend: 'dml',
  backendReason: 'dml #1 passed the canary (WER 3 %)',
};

describe('settings choices from what the worker reported', () => {
  it('lists the GPUs the worker found and says which backend it uses now', () => {
    const devices = gpuDeviceChoices(windowsPc, 1);
    expect(devices.choices).toEqual([
      { value: '0', label: '0: Intel(R) UHD Graphics 770' },
      { value: '1', label: '1: NVIDIA GeForce RTX 3060' },
    ]);
    expect(devices.selectable).toBe(true);
    expect(devices.note).toBe(
      'GPU backends found: DirectML, WebGPU. In use now: DirectML — dml #1 passed the canary (WER 3 %).',
    );
  });

  it('keeps a saved GPU that is gone, marked as such, rather than changing it silently', () => {
    expect(gpuDeviceChoices(windowsPc, 3).choices.at(-1)).toEqual({
      value: '3',
      label: '3: not found on this machine',
    });
  });

  it('offers no choice on a machine without a GPU backend, and says the CPU is used', () => {
    const devices = gpuDeviceChoices(cpuOnly, 0);
    expect(devices.selectable).toBe(false);
    expect(devices.choices).toEqual([{ value: '0', label: 'No GPU found' }]);
    expect(devices.note).toMatch(/^No GPU backend was found on this machine, so the worker runs on the CPU\./);
  });

  it('keeps the saved device until the worker has reported', () => {
    expect(gpuDeviceChoices(null, 2)).toMatchObject({ choices: [{ value: '2', label: 'GPU 2' }], selectable: true });
  });

  it("offers the worker's models with size and speed, and not one that cannot load offline", () => {
    const offline = whisperModelOptions(cpuOnly, 'Xenova/whisper-tiny', false);
    expect(offline).toEqual([
      { value: 'auto', label: 'Automatic: whisper-tiny here (2 CPU cores, no GPU in use)' },
      { value: 'Xenova/whisper-tiny', label: 'whisper-tiny (45 MB, fastest; downloaded)', disabled: false },
      {
        value: 'Xenova/whisper-small',
        label: 'whisper-small (250 MB, balanced; not downloaded, and downloads are off)',
        disabled: true,
      },
      {
        value: 'onnx-community/whisper-large-v3-turbo',
        label: 'whisper-large-v3-turbo (1.0 GB, accurate; not downloaded, and downloads are off)',
        disabled: true,
      },
    ]);
    expect(whisperModelOptions(cpuOnly, 'Xenova/whisper-tiny', true)[2]).toMatchObject({
      label: 'whisper-small (250 MB, balanced; downloads on first use)',
      disabled: false,
    });
    expect(whisperModelOptions(null, 'Xenova/whisper-tiny', true).map((option) => option.value)).toEqual([
      'auto',
      ...whisperModelIds,
    ]);
  });

  it("offers 'auto' first, then every Whisper language by name", () => {
    const options = languageOptions('auto', 'en');
    expect(options[0]).toEqual({ value: 'auto', label: 'Detect for each meeting' });
    expect(options).toHaveLength(whisperLanguageCodes.length + 1);
    expect(options).toContainEqual({ value: 'de', label: 'German (de)' });
    expect(options.slice(1, 3).map((option) => option.label)).toEqual(['Afrikaans (af)', 'Albanian (sq)']);
    // A code set outside the form (an environment variable) stays selectable as it is.
    expect(languageOptions('xx', 'en')[1]).toEqual({ value: 'xx', label: 'xx' });
  });
});
