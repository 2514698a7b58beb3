import { z } from 'zod';

export const logLevels = ['error', 'warn', 'info', 'debug'] as const;

/** Whisper checkpoints the worker knows how to run (transformers.js layout, q8 weights). */
export const whisperModelIds = [
  'Xenova/whisper-tiny',
  'Xenova/whisper-base',
  'Xenova/whisper-small',
  'onnx-community/whisper-large-v3-turbo',
] as const;
export type WhisperModelId = (typeof whisperModelIds)[number];

/** What the settings accept: a checkpoint, or 'auto' (the worker picks one for the hardware it finds). */
export const whisperModelSettings = ['auto', ...whisperModelIds] as const;
export type WhisperModelSetting = (typeof whisperModelSettings)[number];

/**
 * Speaker models: the bundled ones (shipped with the app, no download) or the Hub's transformers.js
 * exports, downloaded into the model cache and hash-checked like the Whisper files.
 */
export const speakerEmbeddingModelIds = ['campplus-zh-en', 'onnx-community/wespeaker-voxceleb-resnet34-LM'] as const;
export const speakerSegmentationModelIds = [
  'pyannote-segmentation-3.0',
  'onnx-community/pyannote-segmentation-3.0',
] as const;

/**
 * Who writes a meeting's summary. 'auto' uses the OpenAI-compatible endpoint when one is configured
 * and the extractive summarizer otherwise; every choice falls back to the extractive one.
 */
export const summaryBackendChoices = ['auto', 'extractive', 'openai-compatible'] as const;

/** A key or a transcript may travel in plain http only to this machine. */
const httpsUnlessLoopback = (value: string): boolean =>
  value.startsWith('https://') || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?(\/|$)/.test(value);

const supabaseUrlSchema = z
  .url({ error: 'Supabase URL must be a full URL such as https://abcd.supabase.co' })
  .refine(httpsUnlessLoopback, { error: 'Supabase URL must use https (plain http is accepted only for localhost)' });

/**
 * Everything the worker can be configured with. Sources, weakest first: built-in defaults, the
 * settings file, environment variables, command-line flags (see core/config/load-settings.ts).
 */
export const settingsSchema = z.object({
  /** Empty means: no Supabase, run on the embedded local queue. */
  supabaseUrl: supabaseUrlSchema.optional(),
  /** The service-role (secret) key. Never logged, never sent to a renderer. */
  supabaseKey: z.string().min(20, { error: 'Supabase key looks too short' }).optional(),
  storageBucket: z.string().min(1).default('meeting-audio'),
  workerId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, { error: 'Worker id: 1-64 letters, digits, dot, dash or underscore' }),
  workerName: z.string().min(1).max(100),
  logLevel: z.enum(logLevels).default('info'),
  /** Directory for rotating log files; none means console only. */
  logDir: z.string().optional(),
  enableGpu: z.boolean().default(true),
  /** GPU device index (the seed's CUDA_DEVICE). */
  gpuDevice: z.number().int().min(0).default(0),
  audioTempDir: z.string().min(1),
  /** Where models are looked up first (transformers.js layout: <dir>/<org>/<model>/...). */
  modelCacheDir: z.string().optional(),
  /** May models be downloaded from the Hugging Face Hub when not cached? */
  allowRemoteModels: z.boolean().default(true),
  /** Local mode: a folder whose new recordings are added to the queue once each (none: no folder is watched). */
  watchFolder: z.string().min(1).optional(),
  /** Data folder of the embedded queue (database + local audio). */
  dataDir: z.string().min(1),
  maxConcurrentJobs: z.number().int().min(1).max(8).default(1),
  pollingIntervalSeconds: z.number().min(1).max(3600).default(10),
  leaseSeconds: z.number().int().min(15).max(3600).default(120),
  /**
   * Longest wait for one database or storage call before it counts as failed and is retried. A network
   * that drops packets (no refusal, no reset) is noticed only through this.
   */
  requestTimeoutSeconds: z.number().min(1).max(600).default(30),
  whisperModel: z.enum(whisperModelSettings).default('auto'),
  speakerEmbeddingModel: z.enum(speakerEmbeddingModelIds).default('campplus-zh-en'),
  speakerSegmentationModel: z.enum(speakerSegmentationModelIds).default('pyannote-segmentation-3.0'),
  /** 'auto' detects per meeting; an ISO-639-1 code forces it. */
  language: z
    .string()
    .regex(/^(auto|[a-z]{2,3})$/, { error: "Language must be 'auto' or a code such as 'en'" })
    .default('auto'),
  maxAudioMegabytes: z.number().min(1).max(20_000).default(2048),
  /** Longest recording accepted, in hours. */
  maxAudioHours: z.number().min(0.01).max(24).default(8),
  summaryBackend: z.enum(summaryBackendChoices).default('auto'),
  /** Base URL of an OpenAI-compatible chat API, e.g. http://127.0.0.1:11434/v1 (Ollama). */
  summaryApiUrl: z
    .url({
      protocol: /^https?$/,
      error: 'Summary API URL must be a full http(s) URL such as http://127.0.0.1:11434/v1',
    })
    // The transcript and the bearer key go there: plain http only to a server on this machine.
    .refine(httpsUnlessLoopback, {
      error: 'Summary API URL must use https (plain http is accepted only for localhost, e.g. Ollama)',
    })
    .optional(),
  summaryApiModel: z.string().min(1).optional(),
  /** Bearer token for the summary API; a secret like the Supabase key (never logged or shown). */
  summaryApiKey: z.string().min(1).optional(),
  /** Longest wait for one chat request before it is retried. */
  summaryTimeoutSeconds: z.number().min(1).max(3600).default(120),
  /** Ask the endpoint to stream its answer (server-sent events) instead of one JSON body. */
  summaryApiStream: z.boolean().default(false),
});

export type Settings = z.infer<typeof settingsSchema>;

/** What a window may see of the settings: each key is replaced by whether one is set. */
export const publicSettingsSchema = settingsSchema.omit({ supabaseKey: true, summaryApiKey: true }).extend({
  hasSupabaseKey: z.boolean(),
  hasSummaryApiKey: z.boolean(),
});
export type PublicSettings = z.infer<typeof publicSettingsSchema>;

export function toPublicSettings(settings: Settings): PublicSettings {
  const { supabaseKey, summaryApiKey, ...rest } = settings;
  return {
    ...rest,
    hasSupabaseKey: supabaseKey !== undefined && supabaseKey.length > 0,
    hasSummaryApiKey: summaryApiKey !== undefined && summaryApiKey.length > 0,
  };
}
