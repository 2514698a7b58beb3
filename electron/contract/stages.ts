import { z } from 'zod';

/** The pipeline's stages, in the order a meeting goes through them. */
export const stageNames = [
  'queued',
  'download',
  'decode',
  'transcribe',
  'diarize',
  'identify',
  'summarize',
  'save',
] as const;

export const stageSchema = z.enum(stageNames);
export type Stage = z.infer<typeof stageSchema>;
