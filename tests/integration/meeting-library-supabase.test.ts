import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hitMarks } from '../../electron/contract/meeting-edits.js';
import { meetingResultSchema } from '../../electron/contract/meeting-result.js';
import { supabaseLibrary } from '../../electron/core/library/supabase-library.js';
import { supabaseMeetingEditor } from '../../electron/core/library/supabase-meeting-editor.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createSupabaseServiceClient } from '../../electron/core/queue/supabase-client.js';
import { audioProtocolHandler, meetingAudioUrl } from '../../electron/main/audio-protocol.js';
import { repoDir } from '../support/shared-data.js';
import { rpc, supabaseClient, type StackClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

/**
 * The library's SQL functions on a Supabase-compatible stack (PostgreSQL 15 + PostgREST, migrations
 * applied by the Supabase CLI): the same statements the embedded database runs
 * (meeting-editor.test.ts), called as the worker calls them (rpc with the service key), and closed to
 * the anon and signed-in roles. Then the worker's Supabase library (list, open, edit, play, delete) on
 * the same stack: PostgREST answers at most 1,000 rows (as a hosted project does), and the recording
 * is played from Storage (the stack's Storage-compatible server: Supabase Storage itself does not run
 * here) through a signed URL that the desktop app's audio protocol fetches with the player's Range.
 */
const result = JSON.parse(
  readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8'),
) as { speakers: { label: string; speakerId: string }[] };
const meetingId = '3e0a7d85-84c7-4c3b-9a5f-6f4b7d8e9f0a';

describe('meeting library on Supabase', { timeout: 120_000 }, () => {
  let stack: SupabaseStack;
  let service: StackClient;
  beforeAll(async () => {
    stack = await startSupabaseStack();
    service = supabaseClient(stack.url, stack.serviceKey);
    await stack.sql.query(
      `insert into public.meetings (id, title, audio_path, status, claimed_by, lease_token) values ($1, 'Call', 'u/call.wav', 'processing', 'w1', '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b')`,
      [meetingId],
    );
    const done = await rpc<boolean>(service, 'complete_meeting', {
      p_meeting_id: meetingId,
      p_worker_id: 'w1',
      p_lease_token: '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b',
      p_result: result,
    });
    expect(done.error).toBeNull();
  }, 120_000);
  afterAll(async () => stack.stop());

  it('renames, corrects, searches and deletes through rpc with the service key', async () => {
    expect(
      (await rpc(service, 'rename_meeting_speaker', { p_meeting_id: meetingId, p_label: 'S1', p_name: 'Ada' })).data,
    ).toBe(true);
    const voiceprint = await stack.sql.query<{ name: string }>('select name from public.speakers where id = $1', [
      result.speakers[0]?.speakerId,
    ]);
    expect(voiceprint.rows[0]?.name).toBe('Ada');
    const corrected = await rpc(service, 'correct_transcript_segment', {
      p_meeting_id: meetingId,
      p_seq: 2,
      p_text: 'the information in the brochure.',
    });
    expect(corrected.data).toBe(true);
    const hits = await rpc<{ seq: number; snippet: string; speaker: string }[]>(service, 'search_transcripts', {
      p_query: 'brochure',
      p_limit: 10,
    });
    expect(hits.data?.map((hit) => [hit.seq, hit.snippet])).toEqual([
      [2, `the information in the ${hitMarks.start}brochure${hitMarks.stop}.`],
    ]);
    // The search can use the GIN index (the plan names it once sequential scans are off).
    const client = await stack.sql.connect();
    await client.query('set enable_seqscan = off');
    const plan = await client.query<{ 'QUERY PLAN': string }>(
      `explain select 1 from public.transcript_segments where to_tsvector('simple', text) @@ websearch_to_tsquery('simple', 'brochure')`,
    );
    client.release();
    const planText = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(planText).toContain('transcript_segments_text_search_idx');
    const deleted = await rpc<string>(service, 'delete_meeting', { p_meeting_id: meetingId });
    expect(deleted.data).toBe('u/call.wav');
    const left = await stack.sql.query('select 1 from public.transcript_segments where meeting_id = $1', [meetingId]);
    expect(left.rows).toEqual([]);
  });

  it('is closed to anon and to a signed-in user', async () => {
    for (const key of [stack.anonKey, await stack.userKey('5f1b8e96-95d8-4d4c-8b6a-7a5c8e9f0a1b')]) {
      const client = supabaseClient(stack.url, key);
      const outcome = await rpc(client, 'search_transcripts', { p_query: 'information', p_limit: 10 });
      expect(outcome.error?.code).toBe('42501');
    }
  });

  it('lists, opens, edits, plays and deletes a meeting with the worker’s service key', async () => {
    const userId = '6a2b9c07-16e5-4e6f-9a7b-8c9d0e1f2a3b';
    const longId = '7b3c0d18-27f6-4f70-8b8c-9d0e1f2a3b4c';
    const objectPath = `${userId}/long-call.flac`;
    const audio = readFileSync(path.join(repoDir, 'resources/samples/librispeech-1089-134686-0000.flac'));
    const uploaded = await service.storage.from(MEETING_AUDIO_BUCKET).upload(objectPath, audio);
    expect(uploaded.error).toBeNull();
    // 2,500 lines: more than one PostgREST answer holds.
    const base = meetingResultSchema.parse(result);
    const segments = Array.from({ length: 2500 }, (_, i) => ({
      ...base.segments[i % base.segments.length]!,
      start: i,
      end: i + 0.9,
      text: `line ${String(i)}`,
      words: [],
    }));
    const summary = { overview: 'S1: We book the hotel. S2: Fine.', items: [], backend: 'extractive' };
    await stack.sql.query(
      `insert into public.meetings (id, user_id, title, audio_path, status, claimed_by, lease_token) values ($1, $2, 'Long call', $3, 'processing', 'w1', '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b')`,
      [longId, userId, objectPath],
    );
    const saved = await rpc<boolean>(service, 'complete_meeting', {
      p_meeting_id: longId,
      p_worker_id: 'w1',
      p_lease_token: '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b',
      p_result: {
        ...base,
        segments,
        voiceprints: [],
        speakers: base.speakers.map((s) => ({ ...s, speakerId: null })),
        summary,
      },
    });
    expect(saved.error).toBeNull();

    const client = createSupabaseServiceClient(stack.url, stack.serviceKey);
    const log = createLogger({ level: 'error', console: false, secrets: [] });
    const library = supabaseLibrary(client);
    const editor = supabaseMeetingEditor(client, { bucket: MEETING_AUDIO_BUCKET, supabaseUrl: stack.url, log });
    const listed = await library.listMeetings();
    expect(listed.find((meeting) => meeting.id === longId)).toMatchObject({
      title: 'Long call',
      status: 'completed',
      speakers: ['S1', 'S2'],
    });
    expect(await editor.renameSpeaker(longId, 'S1', 'Ada')).toBe(true);
    expect(await editor.correctSegment(longId, 2499, 'the last line, corrected')).toBe(true);
    const detail = await library.getMeeting(longId);
    expect(detail?.meeting.speakers).toEqual(['Ada', 'S2']);
    expect(detail?.result?.segments).toHaveLength(2500);
    expect(detail?.result?.segments.map((segment) => segment.start)).toEqual(segments.map((segment) => segment.start));
    expect(detail?.result?.segments[2499]).toMatchObject({
      text: 'the last line, corrected',
      originalText: 'line 2499',
    });
    expect(detail?.result?.summary?.overview).toBe(summary.overview);
    expect(await library.getMeeting('2d9f7c74-73c6-4b20-9f4e-5e3a6c7d8e9f')).toBeNull();
    expect(
      (await editor.searchTranscripts('corrected')).map((hit) => [hit.meetingId, hit.segment, hit.speaker]),
    ).toEqual([[longId, 2499, segments[2499]?.speaker === 'S1' ? 'Ada' : segments[2499]?.speaker]]);

    // The player's source: a signed URL on the project's origin, fetched with the player's Range.
    const source = await editor.audio(longId);
    expect(source).toMatchObject({ kind: 'signed-url', mimeType: 'audio/flac' });
    expect(source?.kind === 'signed-url' && new URL(source.url).origin).toBe(new URL(stack.url).origin);
    const play = audioProtocolHandler((id) => editor.audio(id));
    const ranged = await play(new Request(meetingAudioUrl(longId), { headers: { range: 'bytes=1000-1999' } }));
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 1000-1999/${String(audio.length)}`);
    expect(ranged.headers.get('content-type')).toBe('audio/flac');
    expect(Buffer.from(await ranged.arrayBuffer()).equals(audio.subarray(1000, 2000))).toBe(true);
    const whole = await play(new Request(meetingAudioUrl(longId)));
    expect(Buffer.from(await whole.arrayBuffer()).equals(audio)).toBe(true);
    // A row pointing at another user's folder is not signed.
    await stack.sql.query(`update public.meetings set audio_path = 'someone-else/call.flac' where id = $1`, [longId]);
    expect(await editor.audio(longId)).toBeNull();
    await stack.sql.query(`update public.meetings set audio_path = $2 where id = $1`, [longId, objectPath]);

    // Deleted: rows and the recording in Storage.
    expect(await editor.deleteMeeting(longId)).toEqual({ deleted: true });
    expect(await library.getMeeting(longId)).toBeNull();
    const left = await service.storage.from(MEETING_AUDIO_BUCKET).exists(objectPath);
    expect(left.data).toBe(false);
    expect(await editor.deleteMeeting(longId)).toEqual({
      deleted: false,
      reason: 'That meeting is no longer in the library.',
    });
  });
});
