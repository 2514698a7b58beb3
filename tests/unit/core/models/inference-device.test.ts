import { describe, expect, it } from 'vitest';

import { chooseInferenceDevice, gpuLadder, type Canary } from '../../../../electron/core/models/inference-device.js';

const perfect: Canary = () => Promise.resolve({ errorRate: 0.02, text: 'he hoped there would be stew' });

describe('chooseInferenceDevice', () => {
  it('uses the CPU with one thread per core when the GPU is disabled, and says so', async () => {
    const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0, threads: 2, canary: perfect });
    expect(device).toMatchObject({ device: 'cpu', threads: 2, sessionOptions: { intraOpNumThreads: 2 } });
    expect(device.reason).toMatch(/ENABLE_GPU=false.*2 threads/);
  });

  it('tries each platform backend in ladder order', () => {
    expect(gpuLadder('win32')).toEqual(['dml', 'webgpu']);
    expect(gpuLadder('darwin')).toEqual(['coreml', 'webgpu']);
    expect(gpuLadder('linux', (file) => file === '/dev/nvidiactl')).toEqual(['cuda']);
    expect(gpuLadder('linux', () => false)).toEqual([]);
  });

  it('passes the GPU index to CUDA and DirectML', async () => {
    const device = await chooseInferenceDevice({ enableGpu: true, gpuDevice: 1, ladder: ['cuda'], canary: perfect });
    expect(device.deviceIndex).toBe(1);
    expect(device.sessionOptions['executionProviders']).toEqual([{ name: 'cuda', deviceId: 1 }, 'cpu']);
    expect(device.reason).toMatch(/cuda #1 passed the canary/);
  });

  it('falls back to the CPU with every reason when no backend can load', async () => {
    const failing: Canary = () => Promise.reject(new Error('libcudart.so.12: cannot open shared object file'));
    const device = await chooseInferenceDevice({
      enableGpu: true,
      gpuDevice: 0,
      ladder: ['cuda', 'webgpu'],
      canary: failing,
    });
    expect(device.device).toBe('cpu');
    expect(device.reason).toMatch(/cuda: libcudart.*webgpu: libcudart/);
  });
});
