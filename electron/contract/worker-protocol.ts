import { z } from 'zod';

import { connectionTestInputSchema, connectionTestResultSchema, workerSnapshotSchema } from './api.js';
import { commandSchema } from './commands.js';
import { workerEventSchema } from './events.js';
import { exportedFileSchema, meetingDetailSchema, meetingListItemSchema } from './library.js';
import { deleteMeetingResultSchema, meetingAudioSchema, transcriptHitSchema } from './meeting-edits.js';
import { addedRecordingSchema } from './recordings.js';
import { settingsSchema } from './settings.js';

/**
 * Main ⇄ worker (utility process) messages. Every message is parsed on arrival at both ends; payloads
 * are plain JSON so they survive structured clone and a WebSocket alike.
 *
 * Lifecycle: the worker posts `hello` as soon as it listens; main answers with an `init` request that
 * carries the settings (the only way the Supabase key reaches the worker); the `init` response is the
 * ready handshake. `shutdown` asks the worker to release its leases and exit.
 */
export const workerCommandSchema = z.discriminatedUnion('type', [
  ...commandSchema.options,
  z.object({ type: z.literal('init'), settings: settingsSchema }),
  z.object({ type: z.literal('get-snapshot') }),
  z.object({ type: z.literal('test-connection'), input: connectionTestInputSchema }),
]);
export type WorkerCommand = z.infer<typeof workerCommandSchema>;

/** What a successful response's `value` holds, per command; the requester parses it with this. */
export const commandResultSchemas = {
  init: z.null(),
  'get-snapshot': workerSnapshotSchema,
  pause: z.null(),
  resume: z.null(),
  'retry-meeting': z.boolean(),
  'confirm-speaker': z.boolean(),
  'dismiss-speaker-suggestion': z.boolean(),
  'list-meetings': z.array(meetingListItemSchema),
  'get-meeting': meetingDetailSchema.nullable(),
  'export-meeting': exportedFileSchema,
  'add-recordings': z.array(addedRecordingSchema),
  'search-transcripts': z.array(transcriptHitSchema),
  'rename-speaker': z.boolean(),
  'correct-segment': z.boolean(),
  'delete-meeting': deleteMeetingResultSchema,
  'meeting-audio': meetingAudioSchema.nullable(),
  'test-connection': connectionTestResultSchema,
  shutdown: z.null(),
} as const satisfies Record<WorkerCommand['type'], z.ZodType>;
export type CommandResult<T extends WorkerCommand['type']> = z.infer<(typeof commandResultSchemas)[T]>;

/** An error as it crosses a process boundary: a stable code, a message for people, and whether retrying can help. */
export const protocolErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
  retryable: z.boolean(),
});
export type ProtocolError = z.infer<typeof protocolErrorSchema>;

export const workerRequestSchema = z.object({
  kind: z.literal('request'),
  /** Sequence number chosen by the sender, echoed by the response. */
  id: z.number().int().nonnegative(),
  command: workerCommandSchema,
});
export type WorkerRequest = z.infer<typeof workerRequestSchema>;

export const workerResponseSchema = z.discriminatedUnion('ok', [
  z.object({
    kind: z.literal('response'),
    id: z.number().int().nonnegative(),
    ok: z.literal(true),
    value: z.unknown(),
  }),
  z.object({
    kind: z.literal('response'),
    id: z.number().int().nonnegative(),
    ok: z.literal(false),
    error: protocolErrorSchema,
  }),
]);
export type WorkerResponse = z.infer<typeof workerResponseSchema>;

/** Not a reply to anything: the worker's event stream (its log lines included). */
export const workerEventMessageSchema = z.object({ kind: z.literal('event'), event: workerEventSchema });
export type WorkerEventMessage = z.infer<typeof workerEventMessageSchema>;

export const workerHelloSchema = z.object({ kind: z.literal('hello'), pid: z.number().int() });

/** Everything the worker may post to main. */
export const workerToMainSchema = z.union([workerResponseSchema, workerEventMessageSchema, workerHelloSchema]);
export type WorkerToMain = z.infer<typeof workerToMainSchema>;
