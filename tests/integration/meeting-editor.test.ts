import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hitMarks } from '../../electron/contract/meeting-edits.js';
import { meetingResultSchema } from '../../electron/contract/meeting-result.js';
import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { pgliteLibrary } from '../../electron/core/embedded/pglite-library.js';
import { pgliteMeetingEditor } from '../../electron/core/embedded/pglite-meeting-editor.js';
import { exportMeeting } from '../../electron/core/export/export-meeting.js';
import { repoDir } from '../support/shared-data.js';

/**
 * The meeting library's edits on the embedded database, through the migration's SQL functions: a
 * real two-speaker result (SpokenWOZ MUL1011, as the pipeline saved it, voiceprints included) is
 * completed with complete_meeting, then renamed, corrected, searched, exported and deleted.
 */
const fixture = meetingResultSchema.parse(
  JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
);
const recording = path.join(repoDir, 'resources/samples/librispeech-1089-134686-0000.flac');

describe('meeting library edits (embedded database)', { timeout: 60_000 }, () => {
  let dir = '';
  let db: PGlite;
  let bucketDir = '';
  const meetingId = '0b7f5a52-51a4-4f0e-9d2c-3c1e4a5b6c7d';
  const otherId = '1c8e6b63-62b5-4a1f-8e3d-4d2f5b6c7d8e';

  const complete = async (id: string, title: string) => {
    await pgliteLibrary(db, bucketDir).addRecording({ meetingId: id, file: recording, title });
    await db.query(
      `update public.meetings set status = 'processing', claimed_by = 'w1', lease_token = '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b' where id = $1`,
      [id],
    );
    const done = await db.query<{ ok: boolean }>(
      `select public.complete_meeting($1, $2, '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b', $3) as ok`,
      [
        id,
        'w1',
        // The second meeting gets its own voiceprint ids (a voiceprint is created once).
        id === meetingId
          ? fixture
          : { ...fixture, voiceprints: [], speakers: fixture.speakers.map((s) => ({ ...s, speakerId: null })) },
      ],
    );
    expect(done.rows[0]?.ok).toBe(true);
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-editor-'));
    bucketDir = path.join(dir, 'bucket');
    db = await openEmbeddedDatabase(path.join(dir, 'db'), defaultSupabaseDir());
    await complete(meetingId, 'Hotel booking');
    await complete(otherId, 'Second call');
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renames a speaker in the meeting and on its linked voiceprint; an empty name gives the label back', async () => {
    const editor = pgliteMeetingEditor(db, bucketDir);
    const s1 = fixture.speakers.find((s) => s.label === 'S1')?.speakerId;
    expect(await editor.renameSpeaker(meetingId, 'S1', '  Ada Lovelace ')).toBe(true);
    expect(await editor.renameSpeaker(meetingId, 'S9', 'Nobody')).toBe(false);
    const detail = await pgliteLibrary(db, bucketDir).getMeeting(meetingId);
    expect(detail?.meeting.speakers).toEqual(['Ada Lovelace', 'S2']);
    const voiceprint = await db.query<{ name: string | null }>('select name from public.speakers where id = $1', [s1]);
    expect(voiceprint.rows[0]?.name).toBe('Ada Lovelace');
    const text = String(await exportMeeting({ ...detail!, result: detail!.result! }, 'txt'));
    expect(text).toMatch(/\] Ada Lovelace: Hello, I'm looking forward to it\./);
    expect(await editor.renameSpeaker(meetingId, 'S2', '')).toBe(true);
    expect((await pgliteLibrary(db, bucketDir).getMeeting(meetingId))?.meeting.speakers).toEqual([
      'Ada Lovelace',
      'S2',
    ]);
  });

  it('corrects a line, keeps the original, and every export reads the correction', async () => {
    const editor = pgliteMeetingEditor(db, bucketDir);
    expect(await editor.correctSegment(meetingId, 2, 'the information in the brochure.')).toBe(true);
    expect(await editor.correctSegment(meetingId, 999, 'no such line')).toBe(false);
    const result = (await pgliteLibrary(db, bucketDir).getMeeting(meetingId))!.result!;
    expect(result.segments[2]).toMatchObject({
      text: 'the information in the brochure.',
      originalText: 'the information in the presentation.',
    });
    expect(result.segments[1]?.originalText).toBeUndefined();
    const detail = (await pgliteLibrary(db, bucketDir).getMeeting(meetingId))!;
    for (const format of ['txt', 'srt', 'vtt', 'md'] as const) {
      const body = String(await exportMeeting({ ...detail, result }, format));
      expect(body, format).toContain('information in the brochure.');
    }
    // Corrected twice, the first version is still the original; back to it, the correction is forgotten.
    await editor.correctSegment(meetingId, 2, 'the information in the leaflet.');
    expect((await pgliteLibrary(db, bucketDir).getMeeting(meetingId))!.result!.segments[2]?.originalText).toBe(
      'the information in the presentation.',
    );
    await editor.correctSegment(meetingId, 2, 'the information in the presentation.');
    expect(
      (await pgliteLibrary(db, bucketDir).getMeeting(meetingId))!.result!.segments[2]?.originalText,
    ).toBeUndefined();
    await editor.correctSegment(meetingId, 2, 'the information in the brochure.');
  });

  it('finds lines across meetings by full-text search, the correction and not the original', async () => {
    const editor = pgliteMeetingEditor(db, bucketDir);
    const brochure = await editor.searchTranscripts('brochure');
    expect(brochure.map((hit) => [hit.meetingTitle, hit.segment])).toEqual([['Hotel booking', 2]]);
    expect(brochure[0]?.snippet).toBe(`the information in the ${hitMarks.start}brochure${hitMarks.stop}.`);
    const presentation = await editor.searchTranscripts('presentation');
    expect(presentation.some((hit) => hit.meetingId === meetingId && hit.segment === 2)).toBe(false);
    expect(presentation.some((hit) => hit.meetingId === otherId && hit.segment === 2)).toBe(true);
    const phrase = await editor.searchTranscripts('"looking forward" -hello');
    expect(phrase.length).toBeGreaterThan(0);
    expect(phrase.every((hit) => !/hello/i.test(hit.snippet))).toBe(true);
    expect(phrase.find((hit) => hit.meetingId === meetingId && hit.segment === 0)).toBeUndefined();
    expect(await editor.searchTranscripts('zeppelin')).toEqual([]);
    // Speaker names in hits follow the rename.
    expect(brochure[0]?.speaker).toBe(fixture.segments[2]?.speaker === 'S1' ? 'Ada Lovelace' : 'S2');
  });

  it('serves a meeting’s own recording only', async () => {
    const editor = pgliteMeetingEditor(db, bucketDir);
    const audio = await editor.audio(meetingId);
    expect(audio).toMatchObject({ kind: 'file', mimeType: 'audio/flac', size: readFileSync(recording).length });
    expect(audio?.kind === 'file' ? path.dirname(audio.path) : null).toBe(path.join(bucketDir, 'local'));
    expect(await editor.audio('2d9f7c74-73c6-4b20-9f4e-5e3a6c7d8e9f')).toBeNull();
    // A row pointing outside the bucket (another app wrote it) serves nothing.
    await db.query(`update public.meetings set audio_path = '../../etc/passwd' where id = $1`, [otherId]);
    expect(await editor.audio(otherId)).toBeNull();
  });

  it('deletes a meeting: rows and local recording go, voiceprints stay without it; a running one stays', async () => {
    const editor = pgliteMeetingEditor(db, bucketDir);
    const stored = await editor.audio(meetingId);
    const audio = stored?.kind === 'file' ? stored.path : '';
    await db.query(`update public.meetings set status = 'processing' where id = $1`, [otherId]);
    expect(await editor.deleteMeeting(otherId)).toEqual({
      deleted: false,
      reason: expect.stringContaining('being processed') as string,
    });
    expect(await editor.deleteMeeting(meetingId)).toEqual({ deleted: true });
    expect(existsSync(audio)).toBe(false);
    for (const table of ['meetings', 'transcript_segments', 'meeting_speakers', 'meeting_summaries']) {
      const column = table === 'meetings' ? 'id' : 'meeting_id';
      const left = await db.query(`select 1 from public.${table} where ${column} = $1`, [meetingId]);
      expect(left.rows, table).toEqual([]);
    }
    const voiceprints = await db.query<{ name: string | null; meeting_ids: string[] }>(
      'select name, meeting_ids from public.speakers where id = any($1)',
      [fixture.speakers.map((s) => s.speakerId)],
    );
    expect(voiceprints.rows).toHaveLength(2);
    expect(voiceprints.rows.every((row) => !row.meeting_ids.includes(meetingId))).toBe(true);
    expect(await editor.deleteMeeting(meetingId)).toEqual({
      deleted: false,
      reason: 'That meeting is no longer in the library.',
    });
  });
});
