import type { MeetingListItem } from '../../contract/library.js';
import type { TranscriptHit } from '../../contract/meeting-edits.js';
import { meetingResultSchema, type MeetingResult } from '../../contract/meeting-result.js';

/**
 * The library's tables as rows, and the contract shapes read from them: one mapping for the embedded
 * database (SQL) and Supabase (PostgREST), which hold the same tables from the same migrations.
 */
export interface MeetingRow {
  id: string;
  title: string | null;
  status: string;
  created_at: Date | string;
  completed_at: Date | string | null;
  duration_sec: number | null;
  language: string | null;
  /** Display names (name, else label) in label order. */
  speakers: string[] | null;
  error_message: string | null;
}

export interface SegmentRow {
  start_time: number;
  end_time: number;
  text: string;
  speaker_label: string | null;
  speaker_id: string | null;
  words: unknown;
  original_text: string | null;
}

export interface SpeakerRow {
  label: string;
  name: string | null;
  speaker_id: string | null;
  match: string | null;
  score: number | null;
}

export interface SummaryRow {
  summary: string | null;
  items: unknown;
  backend: string | null;
}

export const segmentColumns = 'start_time, end_time, text, speaker_label, speaker_id, words, original_text';
export const speakerColumns = 'label, name, speaker_id, match, score';
export const summaryColumns = 'summary, items, backend';

const iso = (value: Date | string): string => new Date(value).toISOString();

export function toListItem(row: MeetingRow): MeetingListItem {
  return {
    id: row.id,
    title: row.title,
    status: row.status,
    createdAt: iso(row.created_at),
    completedAt: row.completed_at === null ? null : iso(row.completed_at),
    durationSec: row.duration_sec,
    language: row.language,
    speakers: row.speakers ?? [],
    errorMessage: row.error_message,
  };
}

/** A completed meeting's result from its rows (segments in seq order, speakers in label order). */
export function resultFromRows(
  row: MeetingRow,
  segments: readonly SegmentRow[],
  speakers: readonly SpeakerRow[],
  summary: SummaryRow | undefined,
): MeetingResult {
  return meetingResultSchema.parse({
    language: row.language ?? 'und',
    durationSec: row.duration_sec ?? 0,
    segments: segments.map((s) => ({
      start: s.start_time,
      end: s.end_time,
      text: s.text,
      speaker: s.speaker_label,
      speakerId: s.speaker_id,
      words: s.words,
      ...(s.original_text === null ? {} : { originalText: s.original_text }),
    })),
    speakers: speakers.map((s) => ({
      label: s.label,
      name: s.name,
      speakerId: s.speaker_id,
      match: s.match,
      score: s.score,
    })),
    summary:
      summary === undefined
        ? null
        : { overview: summary.summary ?? '', items: summary.items, backend: summary.backend ?? 'unknown' },
    // Stage timings are not stored with the meeting.
    timingsSec: {},
  });
}

/** One row of `search_transcripts`, the same SQL function on PGlite and Supabase. */
export interface TranscriptHitRow {
  meeting_id: string;
  title: string | null;
  seq: number;
  start_time: number;
  speaker: string | null;
  snippet: string;
}

export const toTranscriptHit = (row: TranscriptHitRow): TranscriptHit => ({
  meetingId: row.meeting_id,
  meetingTitle: row.title,
  segment: row.seq,
  start: row.start_time,
  speaker: row.speaker,
  snippet: row.snippet,
});
