import { z } from 'zod';

import { exportedFileSchema } from './library.js';

/** A person's name for a meeting speaker; empty gives the speaker its label (S1) back. */
export const speakerNameSchema = z.string().max(200);

/** A transcript line's corrected text. */
export const segmentTextSchema = z.string().trim().min(1, 'A line cannot be empty.').max(10_000);

/** A full-text search as a person types it (words, "a phrase", -word, or). */
export const transcriptQuerySchema = z.string().trim().min(1).max(500);

/** One transcript line that matches a search, best first. */
export const transcriptHitSchema = z.object({
  meetingId: z.uuid(),
  meetingTitle: z.string().nullable(),
  /** The line's index in the meeting's segments (what summary citations point at). */
  segment: z.number().int().nonnegative(),
  start: z.number().nonnegative(),
  /** The speaker's name, else label; null without diarization. */
  speaker: z.string().nullable(),
  /** The line with each matching word between \u0002 and \u0003 (never HTML). */
  snippet: z.string(),
});
export type TranscriptHit = z.infer<typeof transcriptHitSchema>;

export const hitMarks = { start: '\u0002', stop: '\u0003' } as const;

/** What deleting a meeting did; `reason` says why nothing was deleted. */
export const deleteMeetingResultSchema = z.discriminatedUnion('deleted', [
  z.object({ deleted: z.literal(true) }),
  z.object({ deleted: z.literal(false), reason: z.string() }),
]);
export type DeleteMeetingResult = z.infer<typeof deleteMeetingResultSchema>;

/** A meeting's recording as this computer holds it: the host serves it to the player. */
export const meetingAudioFileSchema = z.object({
  kind: z.literal('file'),
  path: z.string(),
  size: z.number().int().nonnegative(),
  mimeType: z.string(),
});
export type MeetingAudioFile = z.infer<typeof meetingAudioFileSchema>;

/**
 * Where the player's audio comes from: a file on this computer, or (Supabase mode) a short-lived
 * signed Storage URL that the host fetches from, forwarding the player's Range. The page only ever
 * sees the host's own address, never the signed URL, which is a bearer token to the recording.
 */
export const meetingAudioSchema = z.discriminatedUnion('kind', [
  meetingAudioFileSchema,
  z.object({ kind: z.literal('signed-url'), url: z.string(), mimeType: z.string() }),
]);
export type MeetingAudio = z.infer<typeof meetingAudioSchema>;

/**
 * What "Export" did. The desktop app asks where to save and writes the file (`saved`, or
 * `cancelled`); the browser dashboard gets the file to download (`download`).
 */
export const saveExportResultSchema = z.discriminatedUnion('outcome', [
  z.object({ outcome: z.literal('saved'), path: z.string() }),
  z.object({ outcome: z.literal('cancelled') }),
  z.object({ outcome: z.literal('download'), file: exportedFileSchema }),
]);
export type SaveExportResult = z.infer<typeof saveExportResultSchema>;

/** Changes a person makes to the library (the embedded database's owner, or the worker on Supabase). */
export interface MeetingEditor {
  /** False when the meeting has no such speaker. */
  renameSpeaker(meetingId: string, label: string, name: string): Promise<boolean>;
  /** False when the meeting has no such line. */
  correctSegment(meetingId: string, segment: number, text: string): Promise<boolean>;
  deleteMeeting(meetingId: string): Promise<DeleteMeetingResult>;
  searchTranscripts(query: string, limit?: number): Promise<TranscriptHit[]>;
  /** The meeting's recording for the player, or null when there is none. */
  audio(meetingId: string): Promise<MeetingAudio | null>;
}

/** Mime types of the recordings a meeting may hold, by extension (what a browser's player accepts). */
export const audioMimeTypes: Record<string, string> = {
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.m4a': 'audio/mp4',
  '.mp4': 'audio/mp4',
  '.aac': 'audio/aac',
  '.ogg': 'audio/ogg',
  '.oga': 'audio/ogg',
  '.opus': 'audio/ogg',
  '.webm': 'audio/webm',
  '.flac': 'audio/flac',
};
