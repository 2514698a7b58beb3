import { rm, stat } from 'node:fs/promises';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import { audioMimeTypes, transcriptQuerySchema, type MeetingEditor } from '../../contract/meeting-edits.js';
import { toTranscriptHit, type TranscriptHitRow } from '../library/meeting-rows.js';

/** The object path's file inside the local bucket, or null when it would lead outside it. */
function localAudioPath(bucketDir: string, objectPath: string): string | null {
  if (objectPath === '') return null;
  const file = path.resolve(bucketDir, ...objectPath.split('/'));
  return file.startsWith(path.resolve(bucketDir) + path.sep) ? file : null;
}

/**
 * A person's changes to the embedded library, through the migration's SQL functions (the same ones
 * a Supabase project has), plus what only the data folder's owner can do: remove a deleted
 * meeting's recording and find a meeting's recording for the player.
 */
export function pgliteMeetingEditor(db: PGlite, bucketDir: string): MeetingEditor {
  const one = async <T>(sql: string, params: unknown[]): Promise<T | undefined> =>
    (await db.query<{ value: T }>(sql, params)).rows[0]?.value;
  return {
    async renameSpeaker(meetingId, label, name) {
      return (
        (await one<boolean>('select public.rename_meeting_speaker($1, $2, $3) as value', [meetingId, label, name])) ===
        true
      );
    },
    async correctSegment(meetingId, segment, text) {
      return (
        (await one<boolean>('select public.correct_transcript_segment($1, $2, $3) as value', [
          meetingId,
          segment,
          text,
        ])) === true
      );
    },
    async deleteMeeting(meetingId) {
      const audioPath = await one<string | null>('select public.delete_meeting($1) as value', [meetingId]);
      if (audioPath === null || audioPath === undefined) {
        const status = await one<string>('select status as value from public.meetings where id = $1', [meetingId]);
        return {
          deleted: false,
          reason:
            status === undefined
              ? 'That meeting is no longer in the library.'
              : 'The meeting is being processed; pause the worker or wait until it is done, then delete it.',
        };
      }
      // Only recordings this computer stored (local/…) are ours to remove.
      const file = audioPath.startsWith('local/') ? localAudioPath(bucketDir, audioPath) : null;
      if (file !== null) await rm(file, { force: true });
      return { deleted: true };
    },
    async searchTranscripts(query, limit = 50) {
      const rows = await db.query<TranscriptHitRow>(
        'select meeting_id, title, seq, start_time, speaker, snippet from public.search_transcripts($1, $2)',
        [transcriptQuerySchema.parse(query), limit],
      );
      return rows.rows.map(toTranscriptHit);
    },
    async audio(meetingId) {
      const audioPath = await one<string | null>('select audio_path as value from public.meetings where id = $1', [
        meetingId,
      ]);
      const file = audioPath === undefined || audioPath === null ? null : localAudioPath(bucketDir, audioPath);
      if (file === null) return null;
      const info = await stat(file).catch(() => null);
      if (info === null || !info.isFile()) return null;
      const mimeType = audioMimeTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
      return { kind: 'file', path: file, size: info.size, mimeType };
    },
  };
}
