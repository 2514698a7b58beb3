import { z } from 'zod';

import { segmentSchema } from './meeting-result.js';
import { logLevels } from './settings.js';
import { stageSchema } from './stages.js';

export const workerStateSchema = z.enum(['starting', 'idle', 'working', 'paused', 'stopping', 'stopped', 'error']);
export type WorkerState = z.infer<typeof workerStateSchema>;

export const systemInfoSchema = z.object({
  platform: z.string(),
  arch: z.string(),
  cpuModel: z.string(),
  cpuCores: z.number().int(),
  totalMemoryBytes: z.number(),
  gpus: z.array(z.string()),
  /** The inference backend in use (cpu, cuda, dml, coreml, webgpu) and why it was chosen. */
  backend: z.string(),
  backendReason: z.string(),
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
  z.object({
    type: z.literal('meeting-finished'),
    meetingId: z.uuid(),
    outcome: z.enum(['completed', 'failed', 'retrying', 'released', 'lease-lost']),
    message: z.string().optional(),
    durationSec: z.number().optional(),
    wallSec: z.number().optional(),
  }),
  z.object({
    type: z.literal('log'),
    level: z.enum(logLevels),
    logger: z.string(),
    message: z.string(),
    time: z.string(),
  }),
]);
export type WorkerEvent = z.infer<typeof workerEventSchema>;
