import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadSettings } from '../../../../electron/core/config/load-settings.js';

describe('loadSettings', () => {
  let dir = '';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-settings-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in local mode with defaults when nothing is configured', () => {
    const settings = loadSettings({ env: { PC_WORKER_DATA_DIR: dir } });
    expect(settings.supabaseUrl).toBeUndefined();
    expect(settings).toMatchObject({
      maxConcurrentJobs: 1,
      pollingIntervalSeconds: 10,
      requestTimeoutSeconds: 30,
      logLevel: 'info',
      language: 'auto',
      dataDir: dir,
      modelCacheDir: path.join(dir, 'models'),
    });
  });

  it("reads every one of the seed's environment variables", () => {
    const settings = loadSettings({
      env: {
        PC_WORKER_DATA_DIR: dir,
        SUPABASE_URL: 'https://abcd.supabase.co',
        SUPABASE_KEY: 'service-role-key-of-some-length',
        WORKER_ID: 'lab-pc-2',
        WORKER_NAME: 'Lab PC 2',
        LOG_LEVEL: 'debug',
        ENABLE_GPU: 'false',
        CUDA_DEVICE: '1',
        AUDIO_TEMP_DIR: '/tmp/a',
        MODEL_CACHE_DIR: '/tmp/m',
        MAX_CONCURRENT_JOBS: '2',
        POLLING_INTERVAL_SECONDS: '5',
        REQUEST_TIMEOUT_SECONDS: '6',
      },
    });
    expect(settings).toMatchObject({
      supabaseUrl: 'https://abcd.supabase.co',
      workerId: 'lab-pc-2',
      workerName: 'Lab PC 2',
      logLevel: 'debug',
      enableGpu: false,
      gpuDevice: 1,
      audioTempDir: '/tmp/a',
      modelCacheDir: '/tmp/m',
      maxConcurrentJobs: 2,
      pollingIntervalSeconds: 5,
      requestTimeoutSeconds: 6,
    });
  });

  it('lets the environment override the settings file, and flags override both', () => {
    const file = path.join(dir, 'settings.json');
    writeFileSync(file, JSON.stringify({ workerName: 'from file', maxConcurrentJobs: 3, pollingIntervalSeconds: 30 }));
    const settings = loadSettings({
      env: { PC_WORKER_DATA_DIR: dir, MAX_CONCURRENT_JOBS: '2' },
      overrides: { pollingIntervalSeconds: 7 },
    });
    expect(settings).toMatchObject({ workerName: 'from file', maxConcurrentJobs: 2, pollingIntervalSeconds: 7 });
  });

  it('names the variable and the problem for each bad value', () => {
    expect(() =>
      loadSettings({
        env: {
          PC_WORKER_DATA_DIR: dir,
          MAX_CONCURRENT_JOBS: 'many',
          SUPABASE_URL: 'http://example.com',
          SUPABASE_KEY: 'k'.repeat(30),
        },
      }),
    ).toThrow(
      /supabaseUrl \(SUPABASE_URL\): Supabase URL must use https[\s\S]*maxConcurrentJobs \(MAX_CONCURRENT_JOBS\)/,
    );
  });

  it('refuses a URL without a key', () => {
    expect(() => loadSettings({ env: { PC_WORKER_DATA_DIR: dir, SUPABASE_URL: 'https://abcd.supabase.co' } })).toThrow(
      /must be set together/,
    );
  });
});
