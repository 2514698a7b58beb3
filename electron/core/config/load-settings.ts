import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { z } from 'zod';

import { settingsSchema, type Settings } from '../../contract/settings.js';

import { defaultDataDir, defaultTempDir } from './default-paths.js';
import { openSettingsSecrets } from './settings-file.js';

/** The seed's environment variables (plus PC Worker's own), and the setting each one sets. */
export const environmentVariables = {
  SUPABASE_URL: 'supabaseUrl',
  SUPABASE_KEY: 'supabaseKey',
  SUPABASE_BUCKET: 'storageBucket',
  WORKER_ID: 'workerId',
  WORKER_NAME: 'workerName',
  LOG_LEVEL: 'logLevel',
  LOG_DIR: 'logDir',
  ENABLE_GPU: 'enableGpu',
  CUDA_DEVICE: 'gpuDevice',
  AUDIO_TEMP_DIR: 'audioTempDir',
  MODEL_CACHE_DIR: 'modelCacheDir',
  ALLOW_REMOTE_MODELS: 'allowRemoteModels',
  PC_WORKER_DATA_DIR: 'dataDir',
  WATCH_FOLDER: 'watchFolder',
  MAX_CONCURRENT_JOBS: 'maxConcurrentJobs',
  POLLING_INTERVAL_SECONDS: 'pollingIntervalSeconds',
  LEASE_SECONDS: 'leaseSeconds',
  REQUEST_TIMEOUT_SECONDS: 'requestTimeoutSeconds',
  WHISPER_MODEL: 'whisperModel',
  SPEAKER_EMBEDDING_MODEL: 'speakerEmbeddingModel',
  SPEAKER_SEGMENTATION_MODEL: 'speakerSegmentationModel',
  LANGUAGE: 'language',
  MAX_AUDIO_MB: 'maxAudioMegabytes',
  MAX_AUDIO_HOURS: 'maxAudioHours',
  SUMMARY_BACKEND: 'summaryBackend',
  SUMMARY_API_URL: 'summaryApiUrl',
  SUMMARY_API_MODEL: 'summaryApiModel',
  SUMMARY_API_KEY: 'summaryApiKey',
  SUMMARY_TIMEOUT_SECONDS: 'summaryTimeoutSeconds',
  SUMMARY_API_STREAM: 'summaryApiStream',
} as const satisfies Record<string, keyof Settings>;

type EnvironmentVariable = keyof typeof environmentVariables;

const numericSettings = new Set<keyof Settings>([
  'gpuDevice',
  'maxConcurrentJobs',
  'pollingIntervalSeconds',
  'leaseSeconds',
  'requestTimeoutSeconds',
  'maxAudioMegabytes',
  'maxAudioHours',
  'summaryTimeoutSeconds',
]);
const booleanSettings = new Set<keyof Settings>(['enableGpu', 'allowRemoteModels', 'summaryApiStream']);

export class SettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid settings:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'SettingsError';
  }
}

/** Env vars are strings: turn them into the types the schema expects, keeping bad values visible. */
function parseEnvValue(key: keyof Settings, raw: string): unknown {
  if (numericSettings.has(key)) return raw.trim() === '' ? raw : Number(raw);
  if (booleanSettings.has(key)) {
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    return raw;
  }
  return raw;
}

function fromEnvironment(env: NodeJS.ProcessEnv): Partial<Record<keyof Settings, unknown>> {
  const values: Partial<Record<keyof Settings, unknown>> = {};
  for (const [variable, key] of Object.entries(environmentVariables) as [EnvironmentVariable, keyof Settings][]) {
    const raw = env[variable];
    if (raw !== undefined && raw !== '') values[key] = parseEnvValue(key, raw);
  }
  return values;
}

function fromFile(file: string, givenElsewhere: ReadonlySet<string>): Record<string, unknown> {
  if (!existsSync(file)) return {};
  let values: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    values = z.record(z.string(), z.unknown()).parse(parsed);
  } catch (error) {
    throw new SettingsError([`settings file ${file} is not a JSON object (${(error as Error).message})`]);
  }
  try {
    return openSettingsSecrets(values, file, givenElsewhere);
  } catch (error) {
    throw new SettingsError([(error as Error).message]);
  }
}

export interface LoadSettingsOptions {
  env?: NodeJS.ProcessEnv;
  /** Path of the settings file; default <dataDir>/settings.json, or PC_WORKER_SETTINGS. */
  settingsFile?: string;
  /** Strongest source: command-line flags or a window's form. */
  overrides?: Partial<Settings>;
}

/** Defaults ← settings file ← environment ← overrides, validated with messages a person can act on. */
export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? process.env;
  const fromEnv = fromEnvironment(env);
  const overrides = options.overrides ?? {};
  const envDataDir = typeof fromEnv.dataDir === 'string' ? fromEnv.dataDir : undefined;
  const dataDir = overrides.dataDir ?? envDataDir ?? defaultDataDir(env);
  const settingsFile = options.settingsFile ?? env['PC_WORKER_SETTINGS'] ?? path.join(dataDir, 'settings.json');
  const hostname =
    os
      .hostname()
      .replace(/[^A-Za-z0-9._-]/g, '-')
      .slice(0, 48) || 'worker';

  const merged = {
    workerId: `pc-${hostname}`,
    workerName: os.hostname() || 'PC Worker',
    audioTempDir: defaultTempDir(),
    modelCacheDir: path.join(dataDir, 'models'),
    ...fromFile(settingsFile, new Set(Object.keys({ ...fromEnv, ...overrides }))),
    ...fromEnv,
    ...overrides,
    dataDir,
  };
  const result = settingsSchema.safeParse(merged);
  if (!result.success) {
    throw new SettingsError(
      result.error.issues.map((issue) => {
        const key = issue.path.join('.');
        const variable = Object.entries(environmentVariables).find(([, setting]) => setting === key)?.[0];
        return `${key}${variable === undefined ? '' : ` (${variable})`}: ${issue.message}`;
      }),
    );
  }
  if ((result.data.supabaseUrl === undefined) !== (result.data.supabaseKey === undefined)) {
    throw new SettingsError(['SUPABASE_URL and SUPABASE_KEY must be set together (or neither, for local mode)']);
  }
  return result.data;
}
