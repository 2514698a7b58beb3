import { describe, expect, it } from 'vitest';

import { settingsSchema, toPublicSettings } from '../../../../electron/contract/settings.js';
import { loadSettings } from '../../../../electron/core/config/load-settings.js';
import { createLogger } from '../../../../electron/core/log/logger.js';
import {
  summarizeMeeting,
  summaryBackendChain,
  summaryConfigFromSettings,
} from '../../../../electron/core/summary/summarize-meeting.js';

const log = createLogger({ level: 'error', console: false, secrets: [] });
const base = { workerId: 'w', workerName: 'w', audioTempDir: '/tmp/a', dataDir: '/tmp/d' };

describe('summary backend choice', () => {
  it('uses the chat endpoint first when one is configured, and always ends with the extractive summary', () => {
    const settings = settingsSchema.parse({
      ...base,
      summaryApiUrl: 'http://127.0.0.1:11434/v1',
      summaryApiModel: 'llama3.2',
      summaryApiKey: 'sk-local',
      summaryTimeoutSeconds: 30,
    });
    const config = summaryConfigFromSettings(settings);
    expect(config.chat).toEqual({
      baseUrl: 'http://127.0.0.1:11434/v1',
      model: 'llama3.2',
      apiKey: 'sk-local',
      timeoutMs: 30_000,
      stream: false,
    });
    expect(summaryBackendChain(config, log).map((backend) => backend.name)).toEqual([
      'openai-compatible:llama3.2',
      'extractive',
    ]);
    expect(summaryBackendChain({ ...config, backend: 'extractive' }, log).map((backend) => backend.name)).toEqual([
      'extractive',
    ]);
    expect(toPublicSettings(settings)).toMatchObject({ hasSummaryApiKey: true, hasSupabaseKey: false });
    expect(JSON.stringify(toPublicSettings(settings))).not.toContain('sk-local');
  });

  it('runs extractive only when no endpoint is set, whatever was chosen', () => {
    const settings = settingsSchema.parse({ ...base, summaryBackend: 'openai-compatible' });
    const config = summaryConfigFromSettings(settings);
    expect(config.chat).toBeNull();
    expect(summaryBackendChain(config, log).map((backend) => backend.name)).toEqual(['extractive']);
  });

  it('reads the summary settings from the environment', () => {
    const settings = loadSettings({
      env: {
        PC_WORKER_DATA_DIR: '/tmp/pcw-summary-env',
        SUMMARY_BACKEND: 'openai-compatible',
        SUMMARY_API_URL: 'http://127.0.0.1:1234/v1',
        SUMMARY_API_MODEL: 'qwen2.5-7b-instruct',
        SUMMARY_API_KEY: 'lm-studio',
        SUMMARY_TIMEOUT_SECONDS: '45',
        SUMMARY_API_STREAM: 'true',
      },
      settingsFile: '/nonexistent/settings.json',
    });
    expect(settings).toMatchObject({
      summaryBackend: 'openai-compatible',
      summaryApiUrl: 'http://127.0.0.1:1234/v1',
      summaryApiModel: 'qwen2.5-7b-instruct',
      summaryApiKey: 'lm-studio',
      summaryTimeoutSeconds: 45,
      summaryApiStream: true,
    });
  });

  it('rejects an endpoint that is not http(s)', () => {
    expect(settingsSchema.safeParse({ ...base, summaryApiUrl: 'ftp://models.local/v1' }).success).toBe(false);
  });

  it('gives no summary for a transcript without speech', async () => {
    const summary = await summarizeMeeting(
      { language: 'en', segments: [] },
      summaryBackendChain(summaryConfigFromSettings(settingsSchema.parse(base)), log),
      { signal: new AbortController().signal, log, onProgress: () => undefined },
    );
    expect(summary).toBeNull();
  });
});
