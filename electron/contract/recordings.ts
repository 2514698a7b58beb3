import { z } from 'zod';

/** What a person may say about the recordings they add (the CLI's flags, the dashboard's form). */
export const addRecordingsOptionsSchema = z.object({
  /** With several files, each meeting is titled "<title> (<file name>)". */
  title: z.string().trim().min(1).max(500).optional(),
  language: z
    .string()
    .regex(/^(auto|[a-z]{2,3})$/)
    .optional(),
  expectedSpeakers: z.number().int().min(1).max(32).optional(),
});
export type AddRecordingsOptions = z.infer<typeof addRecordingsOptionsSchema>;

/** Recordings and videos ffmpeg reads, by extension: what a folder (enqueue, the watch folder) and the file dialog offer. */
export const recordingExtensions = [
  'wav',
  'mp3',
  'm4a',
  'aac',
  'flac',
  'ogg',
  'oga',
  'opus',
  'wma',
  'webm',
  'mp4',
  'mov',
  'mkv',
  'avi',
  'amr',
  '3gp',
] as const;

/** True when a file name ends in one of recordingExtensions (any case). */
export function looksLikeRecording(name: string): boolean {
  const dot = name.lastIndexOf('.');
  return dot > 0 && (recordingExtensions as readonly string[]).includes(name.slice(dot + 1).toLowerCase());
}

/** Files on the worker's own computer (the desktop app's dialog, drop, tray menu), by absolute path. */
export const recordingPathsSchema = z.array(z.string().min(1).max(4096)).min(1).max(1000);

/** One file's outcome: its meeting, or why it was not added (a message for the person who chose it). */
export const addedRecordingSchema = z.object({
  name: z.string(),
  meetingId: z.uuid().nullable(),
  error: z.string().nullable(),
});
export type AddedRecording = z.infer<typeof addedRecordingSchema>;

/**
 * A file a person picked or dropped, as the window holds it (a DOM File satisfies this). Each host
 * brings it to the worker its own way: the desktop app by its path, the headless dashboard by upload.
 */
export interface RecordingFile {
  readonly name: string;
  readonly size: number;
}

/** How far an upload has come (the desktop app passes paths and reports none). */
export interface UploadProgress {
  name: string;
  sentBytes: number;
  totalBytes: number;
}

/** IPC channel of the desktop app's add by path (not a WorkerApi method: the preload turns Files into paths). */
export const addRecordingPathsChannel = 'pcw:add-recording-paths';
export const addRecordingPathsArgsSchema = z.tuple([recordingPathsSchema, addRecordingsOptionsSchema]);

/** The headless dashboard's upload route: POST the file's bytes, its name in `?name=`, the token as a bearer. */
export const recordingUploadPath = '/recordings';
