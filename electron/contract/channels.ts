import { z } from 'zod';

import type { WorkerApi } from './api.js';
import { connectionTestInputSchema, settingsInputSchema } from './api.js';
import { speakerLabelSchema } from './commands.js';
import { exportFormats } from './library.js';
import { segmentTextSchema, speakerNameSchema, transcriptQuerySchema } from './meeting-edits.js';

/**
 * The request/response operations of WorkerApi: everything but the event subscription and adding
 * recordings, whose files each host carries its own way (recordings.ts).
 */
export type InvokeMethod = Exclude<keyof WorkerApi, 'onEvent' | 'addRecordings'>;

/** IPC channel per operation; `satisfies` makes a missing or misspelt operation a compile error. */
export const invokeChannels = {
  getSnapshot: 'pcw:get-snapshot',
  pause: 'pcw:pause',
  resume: 'pcw:resume',
  retryMeeting: 'pcw:retry-meeting',
  confirmSpeaker: 'pcw:confirm-speaker',
  dismissSpeakerSuggestion: 'pcw:dismiss-speaker-suggestion',
  listMeetings: 'pcw:list-meetings',
  getMeeting: 'pcw:get-meeting',
  exportMeeting: 'pcw:export-meeting',
  saveMeetingExport: 'pcw:save-meeting-export',
  searchTranscripts: 'pcw:search-transcripts',
  renameSpeaker: 'pcw:rename-speaker',
  correctSegment: 'pcw:correct-segment',
  deleteMeeting: 'pcw:delete-meeting',
  meetingAudioUrl: 'pcw:meeting-audio-url',
  getSettings: 'pcw:get-settings',
  saveSettings: 'pcw:save-settings',
  testConnection: 'pcw:test-connection',
  openLogsFolder: 'pcw:open-logs-folder',
} as const satisfies Record<InvokeMethod, `pcw:${string}`>;

/** The one push channel: main → every window, a WorkerEvent per message. */
export const eventChannel = 'pcw:event';

/** Each operation's arguments as a tuple; parsed where the request is trusted (main, the dashboard server). */
export const requestSchemas = {
  getSnapshot: z.tuple([]),
  pause: z.tuple([]),
  resume: z.tuple([]),
  retryMeeting: z.tuple([z.uuid()]),
  confirmSpeaker: z.tuple([z.uuid(), speakerLabelSchema, z.uuid()]),
  dismissSpeakerSuggestion: z.tuple([z.uuid(), speakerLabelSchema]),
  listMeetings: z.tuple([]),
  getMeeting: z.tuple([z.uuid()]),
  exportMeeting: z.tuple([z.uuid(), z.enum(exportFormats)]),
  saveMeetingExport: z.tuple([z.uuid(), z.enum(exportFormats)]),
  searchTranscripts: z.tuple([transcriptQuerySchema]),
  renameSpeaker: z.tuple([z.uuid(), speakerLabelSchema, speakerNameSchema]),
  correctSegment: z.tuple([z.uuid(), z.number().int().nonnegative(), segmentTextSchema]),
  deleteMeeting: z.tuple([z.uuid()]),
  meetingAudioUrl: z.tuple([z.uuid()]),
  getSettings: z.tuple([]),
  saveSettings: z.tuple([settingsInputSchema]),
  testConnection: z.tuple([connectionTestInputSchema]),
  openLogsFolder: z.tuple([]),
} as const satisfies { [K in InvokeMethod]: z.ZodType<unknown[]> };

export type InvokeArgs<K extends InvokeMethod> = Parameters<WorkerApi[K]>;
export type InvokeResult<K extends InvokeMethod> = Awaited<ReturnType<WorkerApi[K]>>;

export const invokeMethods = Object.keys(invokeChannels) as InvokeMethod[];

export function isInvokeMethod(value: string): value is InvokeMethod {
  return Object.hasOwn(invokeChannels, value);
}

/**
 * The headless dashboard's WebSocket frames, browser → server: the same operations and argument
 * tuples as IPC, in JSON. Replies are worker-protocol `response` frames; pushes are `event` frames.
 */
export const socketRequestSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int().nonnegative(),
  method: z.enum(Object.keys(invokeChannels) as [InvokeMethod, ...InvokeMethod[]]),
  args: z.array(z.unknown()),
});
export type SocketRequest = z.infer<typeof socketRequestSchema>;
