import { copyFile, mkdir, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import type { AddRecordingRequest, LocalLibrary, MeetingDetail } from '../../contract/library.js';
import { listMeetingsRequestSchema } from '../../contract/library.js';
import type { MeetingResult } from '../../contract/meeting-result.js';
import { DownloadError } from '../errors.js';
import {
  resultFromRows,
  segmentColumns,
  speakerColumns,
  summaryColumns,
  toListItem,
  type MeetingRow,
  type SegmentRow,
  type SpeakerRow,
  type SummaryRow,
} from '../library/meeting-rows.js';

const listColumns = `m.id, m.title, m.status, m.created_at, m.completed_at, m.duration_sec, m.language, m.error_message,
  (select array_agg(coalesce(s.name, s.label) order by s.label) from public.meeting_speakers s
    where s.meeting_id = m.id) as speakers`;

/** The bucket object a local recording is stored under: its meeting id and the file's extension. */
export function localObjectPath(meetingId: string, file: string): string {
  const extension = path
    .extname(file)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '')
    .slice(0, 9);
  return `local/${meetingId}${extension}`;
}

async function readResult(db: PGlite, row: MeetingRow): Promise<MeetingResult> {
  const [segments, speakers, summary] = await Promise.all([
    db.query<SegmentRow>(
      `select ${segmentColumns} from public.transcript_segments where meeting_id = $1 order by seq`,
      [row.id],
    ),
    db.query<SpeakerRow>(`select ${speakerColumns} from public.meeting_speakers where meeting_id = $1 order by label`, [
      row.id,
    ]),
    db.query<SummaryRow>(`select ${summaryColumns} from public.meeting_summaries where meeting_id = $1`, [row.id]),
  ]);
  return resultFromRows(row, segments.rows, speakers.rows, summary.rows[0]);
}

/**
 * The library on the embedded database, for the process that owns the data folder. A recording is
 * put in the local bucket folder and a `pending` row points at it, the way the web app adds one to
 * Supabase.
 */
export function pgliteLibrary(db: PGlite, bucketDir: string): LocalLibrary {
  return {
    async addRecording(request: AddRecordingRequest) {
      const existing = await db.query('select 1 from public.meetings where id = $1', [request.meetingId]);
      if (existing.rows.length > 0) return { meetingId: request.meetingId, created: false };
      const info = await stat(request.file).catch(() => null);
      if (info === null) throw new DownloadError(`No such file: ${request.file}`, false);
      if (info.isDirectory()) throw new DownloadError(`${request.file} is a folder, not a recording.`, false);
      if (!info.isFile()) throw new DownloadError(`${request.file} is not a regular file.`, false);
      const objectPath = localObjectPath(request.meetingId, request.file);
      await mkdir(path.join(bucketDir, 'local'), { recursive: true });
      // Copied before the row exists: a crash in between leaves a file without a row, which the next
      // owner removes (removeOrphanedAudio), never a row without its audio.
      await copyFile(request.file, path.join(bucketDir, ...objectPath.split('/')));
      await db.query(
        `insert into public.meetings (id, title, audio_path, requested_language, expected_speakers)
         values ($1, $2, $3, $4, $5)`,
        [
          request.meetingId,
          request.title ?? path.basename(request.file),
          objectPath,
          request.language ?? null,
          request.expectedSpeakers ?? null,
        ],
      );
      return { meetingId: request.meetingId, created: true };
    },
    async listMeetings(request = {}) {
      const { limit } = listMeetingsRequestSchema.parse(request);
      const rows = await db.query<MeetingRow>(
        `select ${listColumns} from public.meetings m order by m.created_at desc, m.id limit $1`,
        [limit],
      );
      return rows.rows.map(toListItem);
    },
    async getMeeting(meetingId: string): Promise<MeetingDetail | null> {
      const rows = await db.query<MeetingRow>(`select ${listColumns} from public.meetings m where m.id = $1`, [
        meetingId,
      ]);
      const row = rows.rows[0];
      if (row === undefined) return null;
      return { meeting: toListItem(row), result: row.status === 'completed' ? await readResult(db, row) : null };
    },
  };
}

/**
 * Removes recordings in the local bucket that no meeting row points at: what an add interrupted
 * between the copy and the insert leaves. Only the data folder's owner runs it, so no add is in flight.
 */
export async function removeOrphanedAudio(db: PGlite, bucketDir: string): Promise<string[]> {
  const folder = path.join(bucketDir, 'local');
  const names = await readdir(folder).catch(() => [] as string[]);
  if (names.length === 0) return [];
  const known = new Set(
    (
      await db.query<{ audio_path: string }>(`select audio_path from public.meetings where audio_path like 'local/%'`)
    ).rows.map((row) => row.audio_path),
  );
  const orphans = names.filter((name) => !known.has(`local/${name}`));
  await Promise.all(orphans.map((name) => rm(path.join(folder, name), { force: true })));
  return orphans;
}
