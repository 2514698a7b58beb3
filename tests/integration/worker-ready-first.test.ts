import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../electron/contract/events.js';
import { openWorkerHost, type WorkerHost } from '../../electron/core/worker-host.js';
import { startFakeHub, type FakeHub } from '../support/fake-hub.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sharedModelsDir } from '../support/shared-data.js';

async function until(check: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A first start on a machine with an empty model folder and a GPU backend to check: the worker must
 * answer (openWorkerHost is what the utility process awaits before replying to `init`) while the Hub
 * still holds every byte back, then report the download and the canary as they happen. The Hub is the
 * local stand-in serving the real whisper-tiny files; the GPU rung is CUDA, which this machine lacks, so
 * its canary really runs and really fails, and the worker falls back to the CPU.
 */
describe('a first start', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-ready-first-'));
  const events: WorkerEvent[] = [];
  let hub: FakeHub;
  let host: WorkerHost;
  let running: Promise<void>;

  beforeAll(async () => {
    hub = await startFakeHub((key) => ({ file: path.join(sharedModelsDir, key) }));
    hub.hold();
    process.env['HF_ENDPOINT'] = hub.url;
    const settings = offlineSettings(dir, {
      modelCacheDir: path.join(dir, 'empty-models'),
      allowRemoteModels: true,
      enableGpu: true,
      pollingIntervalSeconds: 1,
    });
    host = await openWorkerHost(settings, {
      emit: (event) => events.push(event),
      console: false,
      owner: 'the ready-first test',
      gpuLadder: ['cuda'],
    });
    running = host.run();
  });

  afterAll(async () => {
    hub.release();
    await host.close();
    await running;
    await hub.close();
    delete process.env['HF_ENDPOINT'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers before the model is downloaded, serves the dashboard and takes a pause meanwhile', async () => {
    await until(() => hub.requests.length > 0, 'the first download request');
    expect(events.some((event) => event.type === 'system-info')).toBe(false);
    const snapshot = await host.snapshot();
    expect(snapshot.state).toBe('starting');
    expect(snapshot.mode).toBe('embedded');
    await host.handle({ type: 'pause' });
    expect(host.runtime.service.state()).toBe('paused');
  });

  it('reports the GPU canary and the download with progress, then stays paused as asked', async () => {
    hub.release();
    await until(() => events.some((event) => event.type === 'system-info'), 'the system info');
    const preparation = events.filter((event) => event.type === 'preparation');
    expect(preparation[0]).toMatchObject({
      step: 'canary',
      detail: 'Checking the GPU (cuda #0): transcribing a known clip',
    });
    const encoder = preparation.filter(
      (event) => event.step === 'download' && event.detail.includes('encoder_model_quantized.onnx'),
    );
    expect(encoder.at(-1)).toMatchObject({
      detail: 'Downloading Xenova/whisper-tiny (onnx/encoder_model_quantized.onnx): 10.1 of 10.1 MB',
      progress: 1,
    });
    const shares = encoder.map((event) => event.progress ?? 0);
    expect(shares).toEqual([...shares].sort((a, b) => a - b));
    const info = events.find((event) => event.type === 'system-info');
    expect(info?.type === 'system-info' && info.info.backend).toBe('cpu');
    expect(info?.type === 'system-info' && info.info.backendReason).toContain('cuda:');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(host.runtime.service.state()).toBe('paused');
    host.runtime.service.resume();
    await until(() => host.runtime.service.state() === 'idle', 'idle after resume');
  });
});
