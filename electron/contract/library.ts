import { z } from 'zod';

import { meetingResultSchema } from './meeting-result.js';

/** One meeting as the library lists it (CLI `list`, the dashboard's library). Times are ISO strings. */
export const meetingListItemSchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  status: z.string(),
  createdAt: z.string(),
  completedAt: z.string().nullable(),
  durationSec: z.number().nullable(),
  language: z.string().nullable(),
  /** The meeting's speakers, by name where one is known, else by label. */
  speakers: z.array(z.string()),
  errorMessage: z.string().nullable(),
});
export type MeetingListItem = z.infer<typeof meetingListItemSchema>;

/** A meeting with what processing produced; `result` is null until it is completed. */
export const meetingDetailSchema = z.object({
  meeting: meetingListItemSchema,
  result: meetingResultSchema.nullable(),
});
export type MeetingDetail = z.infer<typeof meetingDetailSchema>;

/**
 * A recording on this computer to add to the embedded queue. The caller picks the meeting id, so a
 * request repeated after a lost answer (the owner killed mid-request) adds the meeting once.
 */
export const addRecordingRequestSchema = z.object({
  meetingId: z.uuid(),
  /** Absolute path of a file the owner process can read (same user, same computer). */
  file: z.string().min(1),
  title: z.string().max(500).optional(),
  language: z.string().max(16).optional(),
  expectedSpeakers: z.number().int().min(1).max(32).optional(),
});
export type AddRecordingRequest = z.infer<typeof addRecordingRequestSchema>;

export const listMeetingsRequestSchema = z.object({
  limit: z.number().int().min(1).max(10_000).default(200),
});
export type ListMeetingsRequest = z.input<typeof listMeetingsRequestSchema>;

/**
 * The embedded library's operations, the same whether this process owns the data folder or asks the
 * process that does (the local API).
 */
export interface LocalLibrary {
  /** Adds the recording; `created` is false when a meeting with this id was already there. */
  addRecording(request: AddRecordingRequest): Promise<{ meetingId: string; created: boolean }>;
  listMeetings(request?: ListMeetingsRequest): Promise<MeetingListItem[]>;
  getMeeting(meetingId: string): Promise<MeetingDetail | null>;
}

/** What a window reads of the library in either mode (Supabase has no local recordings to add). */
export type MeetingLibraryReader = Pick<LocalLibrary, 'listMeetings' | 'getMeeting'>;

/** What a meeting can be exported as (the CLI's --format, the meeting view's export menu). */
export const exportFormats = ['txt', 'md', 'srt', 'vtt', 'docx', 'json', 'rttm'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** An exported meeting as it crosses to a window: the file name to save it as, and its bytes. */
export const exportedFileSchema = z.object({
  fileName: z.string(),
  mimeType: z.string(),
  base64: z.string(),
});
export type ExportedFile = z.infer<typeof exportedFileSchema>;
