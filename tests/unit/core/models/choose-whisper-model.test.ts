import { describe, expect, it } from 'vitest';

import { settingsSchema } from '../../../../electron/contract/settings.js';
import { canaryWhisperModel, chooseWhisperModel } from '../../../../electron/core/models/choose-whisper-model.js';
import { chooseInferenceDevice } from '../../../../electron/core/models/inference-device.js';

const gib = 2 ** 30;
const perfect = () => Promise.resolve({ errorRate: 0, text: '' });

describe("the 'auto' Whisper model", () => {
  it('is the default setting', () => {
    const settings = settingsSchema.parse({ workerId: 'w', workerName: 'w', audioTempDir: '/tmp', dataDir: '/tmp' });
    expect(settings.whisperModel).toBe('auto');
  });

  it('picks tiny on a 2-core CPU, base on a 4-core one, small only on a big workstation', async () => {
    const cpu = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0, threads: 2 });
    expect(chooseWhisperModel('auto', cpu, { cpuCores: 2, totalMemoryBytes: 24 * gib })).toEqual({
      id: 'Xenova/whisper-tiny',
      reason: 'auto: 2 CPU cores, no GPU in use',
    });
    expect(chooseWhisperModel('auto', cpu, { cpuCores: 4, totalMemoryBytes: 8 * gib }).id).toBe('Xenova/whisper-base');
    expect(chooseWhisperModel('auto', cpu, { cpuCores: 16, totalMemoryBytes: 32 * gib }).id).toBe(
      'Xenova/whisper-small',
    );
  });

  it('picks large-v3-turbo on a GPU that passed its canary, small when memory is short', async () => {
    const gpu = await chooseInferenceDevice({ enableGpu: true, gpuDevice: 0, ladder: ['cuda'], canary: perfect });
    expect(chooseWhisperModel('auto', gpu, { cpuCores: 8, totalMemoryBytes: 32 * gib })).toEqual({
      id: 'onnx-community/whisper-large-v3-turbo',
      reason: 'auto: cuda GPU, 32 GB RAM',
    });
    expect(chooseWhisperModel('auto', gpu, { cpuCores: 8, totalMemoryBytes: 6 * gib }).id).toBe('Xenova/whisper-small');
  });

  it('keeps a model chosen in settings, and canaries auto with the smallest model', async () => {
    const gpu = await chooseInferenceDevice({ enableGpu: true, gpuDevice: 0, ladder: ['cuda'], canary: perfect });
    expect(chooseWhisperModel('Xenova/whisper-base', gpu, { cpuCores: 64, totalMemoryBytes: 64 * gib })).toEqual({
      id: 'Xenova/whisper-base',
      reason: 'chosen in settings',
    });
    expect(canaryWhisperModel('auto')).toBe('Xenova/whisper-tiny');
    expect(canaryWhisperModel('Xenova/whisper-base')).toBe('Xenova/whisper-base');
  });
});
