import { z } from 'zod';

import { systemInfoSchema, workerStateSchema, type WorkerEvent } from './events.js';
import type { ExportedFile, ExportFormat, MeetingDetail, MeetingListItem } from './library.js';
import type { DeleteMeetingResult, SaveExportResult, TranscriptHit } from './meeting-edits.js';
import { segmentSchema } from './meeting-result.js';
import type { AddedRecording, AddRecordingsOptions, RecordingFile, UploadProgress } from './recordings.js';
import { logLevels, publicSettingsSchema, settingsSchema } from './settings.js';
import { stageSchema } from './stages.js';

/** One row of the dashboard's "recent meetings" list. Times are ISO strings; null when not reached. */
export const meetingSummarySchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  /** pending | processing | completed | failed (other apps may write others; they are shown as-is). */
  status: z.string(),
  durationSec: z.number().nullable(),
  /** The worker holding it now, or the one that finished or failed it. */
  worker: z.string().nullable(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  /** Written for a person: why it failed (or why it is waiting to be retried). */
  errorMessage: z.string().nullable(),
  attempts: z.number().int(),
});
export type MeetingSummary = z.infer<typeof meetingSummarySchema>;

/** How far one stage of a running meeting has come; the renderer derives elapsed time and an ETA. */
export const stageProgressSchema = z.object({
  stage: stageSchema,
  progress: z.number().min(0).max(1),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
});
export type StageProgress = z.infer<typeof stageProgressSchema>;

export const currentMeetingSchema = z.object({
  id: z.uuid(),
  title: z.string().nullable(),
  attempt: z.number().int(),
  startedAt: z.string(),
  stages: z.array(stageProgressSchema),
  /** The transcript produced so far. */
  segments: z.array(segmentSchema),
  /** The recording's length in seconds, once decoded. */
  durationSec: z.number().optional(),
});
export type CurrentMeeting = z.infer<typeof currentMeetingSchema>;

/**
 * A meeting voice that sounded like a stored voiceprint, but not surely enough to link it without a
 * person (confirm_speaker_match / dismiss_speaker_suggestion decide).
 */
export const speakerSuggestionSchema = z.object({
  meetingId: z.uuid(),
  meetingTitle: z.string().nullable(),
  /** The meeting's speaker label (S1, S2, …). */
  label: z.string(),
  speakerId: z.uuid(),
  /** The voiceprint's name; null for a voice nobody has named yet. */
  speakerName: z.string().nullable(),
  /** The meeting where the voiceprint's voice was first heard (how an unnamed voice is recognised). */
  firstHeardIn: z.string().nullable(),
  /** s-norm similarity: suggested from 2.5, linked without asking from 3.5. */
  score: z.number().nullable(),
  /** The longest thing the meeting speaker said, to recognise them by. */
  sampleText: z.string().nullable(),
  suggestedAt: z.string(),
});
export type SpeakerSuggestion = z.infer<typeof speakerSuggestionSchema>;

export const logLineSchema = z.object({
  time: z.string(),
  level: z.enum(logLevels),
  logger: z.string(),
  message: z.string(),
});
export type LogLine = z.infer<typeof logLineSchema>;

/** Everything a window needs to draw itself; afterwards it applies WorkerEvents. */
export const workerSnapshotSchema = z.object({
  state: workerStateSchema,
  detail: z.string().nullable(),
  workerId: z.string(),
  workerName: z.string(),
  mode: z.enum(['supabase', 'embedded']),
  startedAt: z.string(),
  processedToday: z.number().int(),
  failedToday: z.number().int(),
  system: systemInfoSchema.nullable(),
  /** Meetings per status, over the whole queue. */
  queueCounts: z.record(z.string(), z.number().int()),
  recentMeetings: z.array(meetingSummarySchema),
  /** Suggested voiceprint matches waiting for a person, newest first. */
  speakerSuggestions: z.array(speakerSuggestionSchema),
  current: z.array(currentMeetingSchema),
  logs: z.array(logLineSchema),
  /** Why the queue could not be read (the rest of the snapshot is still valid), or null. */
  queueError: z.string().nullable(),
});
export type WorkerSnapshot = z.infer<typeof workerSnapshotSchema>;

/** What the settings window sees: the worker's settings without the key, plus shell preferences. */
export const settingsViewSchema = publicSettingsSchema.extend({
  /** null where the host has no such preference (the headless dashboard). */
  startAtLogin: z.boolean().nullable(),
  /** True until settings were saved once: the window then explains the two modes. */
  firstRun: z.boolean(),
  /**
   * Saved settings that no longer validate (an older version wrote them, or a hand edit): each field
   * named here runs on its default until the form is saved again; the rest of the file still applies.
   */
  storedProblems: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
});
export type SettingsView = z.infer<typeof settingsViewSchema>;

/**
 * What the settings form sends. Both keys are write-only: absent keeps the stored one, a string
 * replaces it, `clearSupabaseKey` (local mode) or `clearSummaryApiKey` removes it.
 */
export const settingsInputSchema = settingsSchema
  .omit({ supabaseKey: true, summaryApiKey: true, dataDir: true })
  .extend({
    newSupabaseKey: settingsSchema.shape.supabaseKey,
    clearSupabaseKey: z.boolean().default(false),
    newSummaryApiKey: settingsSchema.shape.summaryApiKey,
    clearSummaryApiKey: z.boolean().default(false),
    startAtLogin: z.boolean().optional(),
  });
export type SettingsInput = z.input<typeof settingsInputSchema>;

export const saveSettingsResultSchema = z.discriminatedUnion('ok', [
  z.object({ ok: z.literal(true), settings: settingsViewSchema }),
  /** One message per form field (`field` is the input's key; '' for the form as a whole). */
  z.object({ ok: z.literal(false), issues: z.array(z.object({ field: z.string(), message: z.string() })) }),
]);
export type SaveSettingsResult = z.infer<typeof saveSettingsResultSchema>;

export const connectionTestInputSchema = z.object({
  supabaseUrl: z.string(),
  /** Absent: test with the stored key. */
  supabaseKey: z.string().optional(),
  storageBucket: z.string().min(1),
});
export type ConnectionTestInput = z.infer<typeof connectionTestInputSchema>;

export const connectionCheckNames = ['url', 'reach', 'key', 'schema', 'grants', 'bucket'] as const;
export const connectionCheckSchema = z.object({
  check: z.enum(connectionCheckNames),
  status: z.enum(['passed', 'failed', 'skipped']),
  message: z.string(),
});
export const connectionTestResultSchema = z.object({
  ok: z.boolean(),
  checks: z.array(connectionCheckSchema),
});
export type ConnectionCheck = z.infer<typeof connectionCheckSchema>;
export type ConnectionTestResult = z.infer<typeof connectionTestResultSchema>;

/** `path` is the log folder, or null where the worker keeps no log files (a headless worker without LOG_DIR). */
export const openLogsResultSchema = z.object({ opened: z.boolean(), path: z.string().nullable() });
export type OpenLogsResult = z.infer<typeof openLogsResultSchema>;

export type Unsubscribe = () => void;

/**
 * Everything a window may ask of the worker. One implementation per host: the preload (Electron IPC),
 * renderer/api/websocket.ts (headless dashboard); all async, contract types only.
 */
export interface WorkerApi {
  getSnapshot(): Promise<WorkerSnapshot>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** True when the meeting was failed and is now pending again. */
  retryMeeting(meetingId: string): Promise<boolean>;
  /** True when the suggestion was open and meeting speaker `label` is now linked to the voiceprint. */
  confirmSpeaker(meetingId: string, label: string, speakerId: string): Promise<boolean>;
  /** True when the suggestion was open and is now gone (the meeting speaker stays unlinked). */
  dismissSpeakerSuggestion(meetingId: string, label: string): Promise<boolean>;
  /** The meetings this worker can read (the embedded library, or Supabase with its service key), newest first. */
  listMeetings(): Promise<MeetingListItem[]>;
  /** A meeting with its transcript and summary once completed; null when there is no such meeting. */
  getMeeting(meetingId: string): Promise<MeetingDetail | null>;
  exportMeeting(meetingId: string, format: ExportFormat): Promise<ExportedFile>;
  /** Export as a person does it: a save dialog on the desktop, a download in the browser. */
  saveMeetingExport(meetingId: string, format: ExportFormat): Promise<SaveExportResult>;
  /** Lines of every transcript in the library matching a full-text search, best first. */
  searchTranscripts(query: string): Promise<TranscriptHit[]>;
  /** Names a meeting speaker (and its voiceprint when linked); false when there is no such speaker. */
  renameSpeaker(meetingId: string, label: string, name: string): Promise<boolean>;
  /** Replaces a line's text, keeping the original; false when there is no such line. */
  correctSegment(meetingId: string, segment: number, text: string): Promise<boolean>;
  /** Deletes the meeting's rows and its recording (local file, or object in Supabase Storage); voiceprints stay. */
  deleteMeeting(meetingId: string): Promise<DeleteMeetingResult>;
  /** Where this window's audio player loads the meeting's recording; null when there is none here. */
  meetingAudioUrl(meetingId: string): Promise<string | null>;
  getSettings(): Promise<SettingsView>;
  saveSettings(input: SettingsInput): Promise<SaveSettingsResult>;
  testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult>;
  openLogsFolder(): Promise<OpenLogsResult>;
  /**
   * Adds recordings the person picked or dropped to the local queue, one outcome per file. The desktop
   * app passes their paths (no copy crosses IPC); the headless dashboard uploads them, reporting progress.
   */
  addRecordings(
    files: readonly RecordingFile[],
    options: AddRecordingsOptions,
    onProgress?: (progress: UploadProgress) => void,
  ): Promise<AddedRecording[]>;
  onEvent(listener: (event: WorkerEvent) => void): Unsubscribe;
}
