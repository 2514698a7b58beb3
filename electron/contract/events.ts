import { z } from 'zod';

import { localChatServerSchema } from './local-chat-servers.js';
import { segmentSchema } from './meeting-result.js';
import { logLevels, whisperModelIds } from './settings.js';
import { stageSchema } from './stages.js';

export const workerStateSchema = z.enum(['starting', 'idle', 'working', 'paused', 'stopping', 'stopped', 'error']);
export type WorkerState = z.infer<typeof workerStateSchema>;

/** A GPU the worker found; `index` is the adapter number the gpuDevice setting selects (CUDA, DirectML). */
export const gpuAdapterSchema = z.object({ index: z.number().int().nonnegative(), name: z.string() });
export type GpuAdapter = z.infer<typeof gpuAdapterSchema>;

/** A Whisper checkpoint the worker can run, from its model manifest: what the settings offer. */
export const whisperModelChoiceSchema = z.object({
  id: z.enum(whisperModelIds),
  sizeBytes: z.number().nonnegative(),
  speedTier: z.enum(['fastest', 'fast', 'balanced', 'accurate']),
  /** Its files are already in a model folder, so choosing it needs no download. */
  downloaded: z.boolean(),
});
export type WhisperModelChoice = z.infer<typeof whisperModelChoiceSchema>;

export const systemInfoSchema = z.object({
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpuCores: z.number().int(),
  totalMemoryBytes: z.number(),
  gpus: z.array(gpuAdapterSchema),
  /** GPU backends this machine offers, in the order the worker tries them; empty: CPU only. */
  gpuBackends: z.array(z.string()),
  whisperModels: z.array(whisperModelChoiceSchema),
  /** The inference backend in use (cpu, cuda, dml, coreml, webgpu) and why it was chosen. */
  backend: z.string(),
  backendReason: z.string(),
  /** The Whisper checkpoint in use (the setting may say 'auto') and why. */
  whisperModel: z.enum(whisperModelIds),
  whisperModelReason: z.string(),
  /** Chat model servers found on this computer at start (Ollama, LM Studio): offered in the settings only. */
  localChatServers: z.array(localChatServerSchema),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;

/** Everything the worker core reports; the dashboard, tray and logs are views of this stream. */
export const workerEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('worker-state'), state: workerStateSchema, detail: z.string().optional() }),
  z.object({ type: z.literal('system-info'), info: systemInfoSchema }),
  z.object({
    type: z.literal('meeting-claimed'),
    meetingId: z.uuid(),
    title: z.string().nullable(),
    attempt: z.number().int(),
  }),
  z.object({
    type: z.literal('meeting-progress'),
    meetingId: z.uuid(),
    stage: stageSchema,
    /** 0..1 within the stage. */
    progress: z.number().min(0).max(1),
  }),
  z.object({ type: z.literal('meeting-segment'), meetingId: z.uuid(), segment: segmentSchema }),
  /** The recording's length, known once it is decoded (the queue stores it only when the meeting is done). */
  z.object({ type: z.literal('meeting-length'), meetingId: z.uuid(), durationSec: z.number().min(0) }),
  z.object({
    type: z.literal('meeting-finished'),
    meetingId: z.uuid(),
    outcome: z.enum(['completed', 'failed', 'retrying', 'released', 'lease-lost']),
    message: z.string().optional(),
    durationSec: z.number().optional(),
    wallSec: z.number().optional(),
  }),
  /** Getting ready after `init` was answered: a model download or a GPU canary (worker state 'starting'). */
  z.object({
    type: z.literal('preparation'),
    step: z.enum(['download', 'canary']),
    /** For people: "Downloading Xenova/whisper-tiny (onnx/encoder_model_quantized.onnx): 4.0 of 10.1 MB". */
    detail: z.string(),
    /** 0..1 of the file; null when unknown (a canary, or a download without a size). */
    progress: z.number().min(0).max(1).nullable(),
  }),
  z.object({
    type: z.literal('log'),
    level: z.enum(logLevels),
    logger: z.string(),
    message: z.string(),
    /** `key=value` pairs beside the message (e.g. reason=connect ECONNREFUSED), already redacted. */
    fields: z.string().optional(),
    time: z.string(),
  }),
]);
export type WorkerEvent = z.infer<typeof workerEventSchema>;
