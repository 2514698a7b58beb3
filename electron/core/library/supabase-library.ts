import type { SupabaseClient } from '@supabase/supabase-js';

import { listMeetingsRequestSchema, type MeetingDetail, type MeetingLibraryReader } from '../../contract/library.js';

import {
  resultFromRows,
  segmentColumns,
  speakerColumns,
  summaryColumns,
  toListItem,
  type MeetingRow,
  type SegmentRow,
} from './meeting-rows.js';

/** A hosted project answers at most this many rows a request (Supabase's default `max_rows`). */
const pageRows = 1000;

const meetingColumns =
  'id, title, status, created_at, completed_at, duration_sec, language, error_message, meeting_speakers(label, name)';

type MeetingRowWithSpeakers = Omit<MeetingRow, 'speakers'> & {
  meeting_speakers: { label: string; name: string | null }[] | null;
};

function withSpeakerNames(row: MeetingRowWithSpeakers): MeetingRow {
  const { meeting_speakers: speakers, ...rest } = row;
  const sorted = [...(speakers ?? [])].sort((a, b) => a.label.localeCompare(b.label));
  return { ...rest, speakers: sorted.map((speaker) => speaker.name ?? speaker.label) };
}

function failed(what: string, error: { message: string }): Error {
  return new Error(`Could not read ${what} from Supabase: ${error.message}`);
}

/** Every line of a meeting, page by page: a 3-hour meeting has more lines than one answer holds. */
async function readSegments(client: SupabaseClient, meetingId: string): Promise<SegmentRow[]> {
  const rows: SegmentRow[] = [];
  for (;;) {
    const { data, error } = await client
      .from('transcript_segments')
      .select(segmentColumns)
      .eq('meeting_id', meetingId)
      .order('seq')
      .range(rows.length, rows.length + pageRows - 1);
    if (error !== null) throw failed('the transcript', error);
    rows.push(...(data as SegmentRow[]));
    if (data.length < pageRows) return rows;
  }
}

/**
 * The meetings this worker can read with its service key, read through PostgREST from the same
 * tables the embedded library reads (the same migrations made both).
 */
export function supabaseLibrary(client: SupabaseClient): MeetingLibraryReader {
  return {
    async listMeetings(request = {}) {
      const { limit } = listMeetingsRequestSchema.parse(request);
      const { data, error } = await client
        .from('meetings')
        .select(meetingColumns)
        .order('created_at', { ascending: false })
        .order('id')
        .limit(Math.min(limit, pageRows));
      if (error !== null) throw failed('the meetings', error);
      return (data as MeetingRowWithSpeakers[]).map((row) => toListItem(withSpeakerNames(row)));
    },
    async getMeeting(meetingId): Promise<MeetingDetail | null> {
      const { data, error } = await client.from('meetings').select(meetingColumns).eq('id', meetingId).maybeSingle();
      if (error !== null) throw failed('the meeting', error);
      if (data === null) return null;
      const row = withSpeakerNames(data);
      if (row.status !== 'completed') return { meeting: toListItem(row), result: null };
      const [segments, speakers, summary] = await Promise.all([
        readSegments(client, meetingId),
        client.from('meeting_speakers').select(speakerColumns).eq('meeting_id', meetingId).order('label'),
        client.from('meeting_summaries').select(summaryColumns).eq('meeting_id', meetingId).maybeSingle(),
      ]);
      if (speakers.error !== null) throw failed('the speakers', speakers.error);
      if (summary.error !== null) throw failed('the summary', summary.error);
      const result = resultFromRows(row, segments, speakers.data, summary.data ?? undefined);
      return { meeting: toListItem(row), result };
    },
  };
}
