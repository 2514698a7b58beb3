import { z } from 'zod';

import { exportFormats } from './library.js';
import { segmentTextSchema, speakerNameSchema, transcriptQuerySchema } from './meeting-edits.js';
import { addRecordingsOptionsSchema, recordingPathsSchema } from './recordings.js';

/** A meeting's speaker label as the pipeline writes it (S1, S2, …). */
export const speakerLabelSchema = z.string().min(1).max(64);

/** What a host (tray, dashboard, CLI) may ask the worker to do. */
export const commandSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  z.object({ type: z.literal('retry-meeting'), meetingId: z.uuid() }),
  z.object({
    type: z.literal('confirm-speaker'),
    meetingId: z.uuid(),
    label: speakerLabelSchema,
    speakerId: z.uuid(),
  }),
  z.object({ type: z.literal('dismiss-speaker-suggestion'), meetingId: z.uuid(), label: speakerLabelSchema }),
  z.object({ type: z.literal('list-meetings'), limit: z.number().int().min(1).max(10_000).optional() }),
  z.object({ type: z.literal('get-meeting'), meetingId: z.uuid() }),
  z.object({ type: z.literal('export-meeting'), meetingId: z.uuid(), format: z.enum(exportFormats) }),
  /** Recordings on the worker's computer (desktop dialog, drop, tray menu), checked and added to the local queue. */
  z.object({ type: z.literal('add-recordings'), paths: recordingPathsSchema, options: addRecordingsOptionsSchema }),
  z.object({ type: z.literal('search-transcripts'), query: transcriptQuerySchema }),
  z.object({
    type: z.literal('rename-speaker'),
    meetingId: z.uuid(),
    label: speakerLabelSchema,
    name: speakerNameSchema,
  }),
  z.object({
    type: z.literal('correct-segment'),
    meetingId: z.uuid(),
    segment: z.number().int().nonnegative(),
    text: segmentTextSchema,
  }),
  z.object({ type: z.literal('delete-meeting'), meetingId: z.uuid() }),
  z.object({ type: z.literal('meeting-audio'), meetingId: z.uuid() }),
  z.object({ type: z.literal('shutdown') }),
]);
export type Command = z.infer<typeof commandSchema>;
