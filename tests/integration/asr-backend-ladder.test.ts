import { describe, expect, it } from 'vitest';

import { whisperCanary } from '../../electron/core/asr/canary.js';
import { chooseInferenceDevice, type Canary } from '../../electron/core/models/inference-device.js';
import { sharedModelsDir } from '../support/shared-data.js';

/**
 * The ladder's decision on real canary runs. No GPU exists on the build machine, so the GPU rungs are
 * stand-ins: 'cuda' is a backend that returns garbage (a fake transcriber, the one fake here), and
 * 'dml' runs the real canary (Whisper tiny transcribing the bundled LibriSpeech clip) on the CPU.
 */
describe('backend ladder with canaries', () => {
  it('drops a backend whose canary transcript is garbage and takes the next one that transcribes correctly', async () => {
    const real = whisperCanary(
      { modelId: 'Xenova/whisper-tiny', modelDir: sharedModelsDir, allowRemoteModels: false },
      '/usr/bin/ffmpeg',
    );
    const cpuOptions = { intraOpNumThreads: 2, interOpNumThreads: 1 };
    const canary: Canary = async (device) => {
      if (device.device === 'cuda') return { errorRate: 1, text: 'zzzz zzzz zzzz' };
      const result = await real({ ...device, device: 'cpu', deviceIndex: null, sessionOptions: cpuOptions });
      return result;
    };
    const device = await chooseInferenceDevice({ enableGpu: true, gpuDevice: 0, ladder: ['cuda', 'dml'], canary });
    expect(device.device).toBe('dml');
    expect(device.reason).toMatch(/dml #0 passed the canary \(WER \d+ %\); dropped cuda: canary WER 100 %/);
  });

  it('scores the real CPU canary within the garbage bound', async () => {
    const real = whisperCanary(
      { modelId: 'Xenova/whisper-tiny', modelDir: sharedModelsDir, allowRemoteModels: false },
      '/usr/bin/ffmpeg',
    );
    const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
    const result = await real(device);
    // Tiny gets this clip nearly word for word; 0.4 is the garbage bound the ladder uses.
    expect(result.errorRate).toBeLessThan(0.2);
    expect(result.text.toLowerCase()).toContain('stew for dinner');
  });
});
