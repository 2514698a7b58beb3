import { readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { hitMarks } from '../../electron/contract/meeting-edits.js';
import { repoDir } from '../support/shared-data.js';
import { rpc, supabaseClient, type StackClient } from '../support/stack/clients.js';
import { startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

/**
 * The library's SQL functions on a Supabase-compatible stack (PostgreSQL 15 + PostgREST, migrations
 * applied by the Supabase CLI): the same statements the embedded database runs
 * (meeting-editor.test.ts), called as the worker calls them (rpc with the service key), and closed to
 * the anon and signed-in roles.
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
});
