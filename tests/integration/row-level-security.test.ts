// What the API keys can reach through the gateway, as the web app and the public would use them:
// the anon key reads nothing, a signed-in user reads only their own meetings (and what belongs to
// them), nobody but the service role writes or runs the queue. Asserts on data and HTTP status only:
// hosted Supabase runs a newer PostgREST whose error codes differ.
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { supabaseClient } from '../support/stack/clients.js';
import { startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

const ALICE = '0a0a0a0a-0000-4000-8000-00000000a11c';
const BOB = '0b0b0b0b-0000-4000-8000-000000000b0b';

const CONTENT_TABLES = [
  'meetings',
  'transcript_segments',
  'meeting_summaries',
  'meeting_speakers',
  'speakers',
] as const;
const ALL_TABLES = [...CONTENT_TABLES, 'workers'] as const;

let stack: SupabaseStack;
let anon: SupabaseClient;
let alice: SupabaseClient;
let bob: SupabaseClient;
let service: SupabaseClient;
let aliceMeeting: string;
let bobMeeting: string;
let unownedMeeting: string;
let aliceSpeaker: string;

interface Outcome {
  data: unknown;
  status: number;
}

/** "Cannot see it": either an empty 200 (RLS filtered every row) or a 401/403 with no data. */
function expectNothingVisible(res: Outcome): void {
  if (res.status === 200) {
    expect(res.data).toEqual([]);
  } else {
    expect([401, 403]).toContain(res.status);
    expect(res.data).toBeNull();
  }
}

/** "Was refused": 401/403 and no data. */
function expectRefused(res: Outcome): void {
  expect([401, 403]).toContain(res.status);
  expect(res.data).toBeNull();
}

async function seedMeeting(userId: string | null, title: string): Promise<string> {
  const { rows } = await stack.sql.query<{ id: string }>(
    `insert into public.meetings (title, audio_path, status, user_id, language) values ($1, $2, 'completed', $3, 'en') returning id`,
    [title, `${userId ?? 'nobody'}/${title}.m4a`, userId],
  );
  const id = rows[0]!.id;
  await stack.sql.query(
    `insert into public.transcript_segments (meeting_id, seq, speaker_label, start_time, end_time, text)
       values ($1, 0, 'SPEAKER_00', 0, 2, $2), ($1, 1, 'SPEAKER_01', 2, 4, 'Reply')`,
    [id, `${title}: hello`],
  );
  await stack.sql.query(`insert into public.meeting_summaries (meeting_id, summary) values ($1, $2)`, [
    id,
    `${title} summary`,
  ]);
  await stack.sql.query(
    `insert into public.meeting_speakers (meeting_id, label, name) values ($1, 'SPEAKER_00', 'Host')`,
    [id],
  );
  return id;
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  aliceMeeting = await seedMeeting(ALICE, 'alice-standup');
  bobMeeting = await seedMeeting(BOB, 'bob-interview');
  unownedMeeting = await seedMeeting(null, 'imported');
  await stack.sql.query(`insert into public.meetings (title, status) values ('waiting', 'pending')`);
  const sp = await stack.sql.query<{ id: string }>(
    `insert into public.speakers (name, embedding, user_id) values ('Alice', '[0.1, 0.2]', $1), ('Bob', '[0.3, 0.4]', $2) returning id`,
    [ALICE, BOB],
  );
  aliceSpeaker = sp.rows[0]!.id;
  await stack.sql.query(`insert into public.workers (id, name) values ('pc-1', 'Office PC')`);

  anon = supabaseClient(stack.url, stack.anonKey);
  alice = supabaseClient(stack.url, stack.anonKey, await stack.userKey(ALICE));
  bob = supabaseClient(stack.url, stack.anonKey, await stack.userKey(BOB));
  service = supabaseClient(stack.url, stack.serviceKey);
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
  await stack?.stop();
});

async function snapshot(): Promise<string> {
  const { rows } = await stack.sql.query<{ all: unknown }>(
    `select json_build_object(
       'meetings', (select json_agg(m order by m.id) from public.meetings m),
       'segments', (select json_agg(s order by s.id) from public.transcript_segments s),
       'summaries', (select json_agg(s order by s.meeting_id) from public.meeting_summaries s),
       'meeting_speakers', (select json_agg(s order by s.meeting_id, s.label) from public.meeting_speakers s),
       'speakers', (select json_agg(s order by s.id) from public.speakers s),
       'workers', (select json_agg(w order by w.id) from public.workers w)) as all`,
  );
  return JSON.stringify(rows[0]?.all);
}

describe('the public (anon) key', () => {
  for (const table of ALL_TABLES) {
    it(`cannot read anything from ${table}`, async () => {
      const res = await anon.from(table).select('*');
      expectNothingVisible(res);
    });
  }

  it('cannot add, change or delete meetings', async () => {
    const before = await snapshot();
    expectRefused(await anon.from('meetings').insert({ title: 'spam' }).select());
    expectRefused(await anon.from('meetings').update({ status: 'pending' }).eq('id', aliceMeeting).select());
    expectRefused(await anon.from('meetings').delete().eq('id', aliceMeeting).select());
    expect(await snapshot()).toBe(before);
  });

  it('is refused without an API key at all', async () => {
    const res = await fetch(`${stack.url}/rest/v1/meetings?select=id`);
    expect(res.status).toBe(401);
  });
});

describe('a signed-in user', () => {
  it('reads their own meeting with its transcript, summary and speakers', async () => {
    const meetings = await alice.from('meetings').select('id, title, user_id');
    expect(meetings.status).toBe(200);
    expect(meetings.data).toEqual([{ id: aliceMeeting, title: 'alice-standup', user_id: ALICE }]);

    const segs = await alice.from('transcript_segments').select('meeting_id, seq, text').order('seq');
    const segRows = segs.data as Array<{ meeting_id: string; seq: number }> | null;
    expect(segs.status).toBe(200);
    expect(segRows?.map((s) => [s.meeting_id, s.seq])).toEqual([
      [aliceMeeting, 0],
      [aliceMeeting, 1],
    ]);

    const summary = await alice.from('meeting_summaries').select('meeting_id, summary');
    expect(summary.data).toEqual([{ meeting_id: aliceMeeting, summary: 'alice-standup summary' }]);

    const labels = await alice.from('meeting_speakers').select('meeting_id, label, name');
    expect(labels.data).toEqual([{ meeting_id: aliceMeeting, label: 'SPEAKER_00', name: 'Host' }]);

    const voiceprints = await alice.from('speakers').select('id, name');
    expect(voiceprints.data).toEqual([{ id: aliceSpeaker, name: 'Alice' }]);
  });

  it("cannot read another user's meeting or anything attached to it", async () => {
    expectNothingVisible(await bob.from('meetings').select('*').eq('id', aliceMeeting));
    expectNothingVisible(await bob.from('transcript_segments').select('*').eq('meeting_id', aliceMeeting));
    expectNothingVisible(await bob.from('meeting_summaries').select('*').eq('meeting_id', aliceMeeting));
    expectNothingVisible(await bob.from('meeting_speakers').select('*').eq('meeting_id', aliceMeeting));
    expectNothingVisible(await bob.from('speakers').select('*').eq('id', aliceSpeaker));
  });

  it('does not see meetings that belong to nobody', async () => {
    expectNothingVisible(await alice.from('meetings').select('*').eq('id', unownedMeeting));
    expectNothingVisible(await alice.from('transcript_segments').select('*').eq('meeting_id', unownedMeeting));
  });

  it('cannot read the worker registry', async () => {
    expectNothingVisible(await alice.from('workers').select('*'));
  });

  it('cannot add, change or delete rows, not even their own', async () => {
    const before = await snapshot();
    expectRefused(await alice.from('meetings').insert({ title: 'mine', user_id: ALICE }).select());
    expectRefused(
      await alice.from('meetings').update({ status: 'pending', title: 'renamed' }).eq('id', aliceMeeting).select(),
    );
    expectRefused(await alice.from('meetings').delete().eq('id', aliceMeeting).select());
    expectRefused(
      await alice
        .from('transcript_segments')
        .insert({ meeting_id: aliceMeeting, seq: 9, start_time: 0, end_time: 1, text: 'injected' })
        .select(),
    );
    expectRefused(await alice.from('transcript_segments').delete().eq('meeting_id', aliceMeeting).select());
    expectRefused(
      await alice.from('meeting_summaries').update({ summary: 'edited' }).eq('meeting_id', aliceMeeting).select(),
    );
    expectRefused(
      await alice.from('meeting_speakers').update({ name: 'Mallory' }).eq('meeting_id', aliceMeeting).select(),
    );
    expectRefused(await alice.from('speakers').update({ name: 'Mallory' }).eq('id', aliceSpeaker).select());
    expectRefused(await alice.from('speakers').insert({ name: 'Eve', user_id: ALICE }).select());
    expectRefused(await alice.from('workers').insert({ id: 'rogue', name: 'Rogue' }).select());
    expect(await snapshot()).toBe(before);
  });

  it('is refused with an expired access token', async () => {
    const expired = supabaseClient(stack.url, stack.anonKey, await stack.userKey(ALICE, -60));
    expectRefused(await expired.from('meetings').select('*'));
  });
});

describe('the work queue functions', () => {
  const TOKEN = '00000000-0000-4000-8000-000000000001';
  const intruderLease = { p_meeting_id: BOB, p_worker_id: 'intruder', p_lease_token: TOKEN };
  const calls: Array<[string, Record<string, unknown>]> = [
    ['claim_next_meeting', { p_worker_id: 'intruder', p_lease_seconds: 300 }],
    ['heartbeat_meeting', { ...intruderLease, p_stage: 'x', p_progress: 0.5 }],
    ['complete_meeting', { ...intruderLease, p_result: {} }],
    ['meeting_completed_by_lease', { p_meeting_id: BOB, p_lease_token: TOKEN }],
    ['fail_meeting', { ...intruderLease, p_reason: 'x', p_retryable: false }],
    ['release_meeting', intruderLease],
    ['retry_meeting', { p_meeting_id: BOB }],
    [
      'report_worker',
      { p_worker_id: 'intruder', p_name: 'x', p_state: 'running', p_current_meeting_id: null, p_system_info: {} },
    ],
  ];

  for (const [fn, args] of calls) {
    it(`refuses ${fn} to the public key and to signed-in users`, async () => {
      const before = await snapshot();
      for (const client of [anon, alice]) {
        const res = await client.rpc(fn, args);
        expect(res.error).not.toBeNull();
        expectRefused(res);
      }
      expect(await snapshot()).toBe(before);
    });
  }

  it('refuses a user retrying their own failed meeting directly', async () => {
    await stack.sql.query(`update public.meetings set status = 'failed' where id = $1`, [aliceMeeting]);
    try {
      const res = await alice.rpc('retry_meeting', { p_meeting_id: aliceMeeting });
      expectRefused(res);
      const { rows } = await stack.sql.query<{ status: string }>('select status from public.meetings where id = $1', [
        aliceMeeting,
      ]);
      expect(rows[0]?.status).toBe('failed');
    } finally {
      await stack.sql.query(`update public.meetings set status = 'completed' where id = $1`, [aliceMeeting]);
    }
  });
});

describe('the service role (the worker)', () => {
  it('reads every meeting and everything attached to it', async () => {
    const meetings = await service.from('meetings').select('id');
    expect(meetings.status).toBe(200);
    expect(meetings.data).toHaveLength(4);
    for (const table of CONTENT_TABLES) {
      const res = await service.from(table).select('*');
      expect(res.status).toBe(200);
      expect((res.data ?? []).length).toBeGreaterThan(0);
    }
  });

  it('runs the queue functions', async () => {
    const claimed = await service.rpc('claim_next_meeting', { p_worker_id: 'pc-1', p_lease_seconds: 60 });
    expect(claimed.error).toBeNull();
    expect(claimed.data).toHaveLength(1);
    const lease = (claimed.data as Array<{ id: string; lease_token: string }>)[0]!;
    const released = await service.rpc('release_meeting', {
      p_meeting_id: lease.id,
      p_worker_id: 'pc-1',
      p_lease_token: lease.lease_token,
    });
    expect(released.data).toBe(true);
    const reported = await service.rpc('report_worker', {
      p_worker_id: 'pc-1',
      p_name: 'Office PC',
      p_state: 'running',
      p_current_meeting_id: null,
      p_system_info: {},
    });
    expect(reported.error).toBeNull();
  });

  it('also works with the new-style secret key, while the publishable key stays public', async () => {
    const secret = supabaseClient(stack.url, stack.secretKey);
    const res = await secret.from('meetings').select('id').eq('id', bobMeeting);
    expect(res.data).toEqual([{ id: bobMeeting }]);
    const publishable = supabaseClient(stack.url, stack.publishableKey);
    expectNothingVisible(await publishable.from('meetings').select('id'));
    expectRefused(await publishable.rpc('claim_next_meeting', { p_worker_id: 'x', p_lease_seconds: 60 }));
  });
});
