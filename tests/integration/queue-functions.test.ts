// The meeting work queue lives in SQL (supabase/migrations/*_queue_functions.sql). These tests run it
// on a real PostgreSQL + PostgREST stack: directly as service_role over `pg`, and as the worker does,
// through supabase-js `rpc` with the service key via the gateway.
import type pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { connectAs, rpc, supabaseClient, withRole, type StackClient } from '../support/stack/clients.js';
import { startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

let stack: SupabaseStack;
let worker: StackClient;

beforeAll(async () => {
  stack = await startSupabaseStack();
  worker = supabaseClient(stack.url, stack.serviceKey);
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
  await stack?.stop();
});

beforeEach(async () => {
  await stack.sql.query('truncate public.meetings, public.workers, public.speakers cascade');
});

interface MeetingRow {
  id: string;
  title: string | null;
  status: string;
  claimed_by: string | null;
  lease_token: string | null;
  lease_expires_at: Date | null;
  attempts: number;
  max_attempts: number;
  next_attempt_at: Date | null;
  stage: string | null;
  progress: number | null;
  processed_by: string | null;
  error_message: string | null;
  language: string | null;
  duration_sec: number | null;
  started_at: Date | null;
  completed_at: Date | null;
}

/** Adds a meeting to the queue; `ageMinutes` makes it older (the queue is first come, first served). */
async function addMeeting(
  opts: { title?: string; ageMinutes?: number; status?: string; maxAttempts?: number } = {},
): Promise<string> {
  const { rows } = await stack.sql.query<{ id: string }>(
    `insert into public.meetings (title, audio_path, status, max_attempts, created_at)
     values ($1, $2, $3, $4, now() - make_interval(mins => $5))
     returning id`,
    [
      opts.title ?? 'Weekly sync',
      'user/weekly.m4a',
      opts.status ?? 'pending',
      opts.maxAttempts ?? 3,
      opts.ageMinutes ?? 0,
    ],
  );
  return rows[0]!.id;
}

async function meeting(id: string): Promise<MeetingRow> {
  const { rows } = await stack.sql.query<MeetingRow>('select * from public.meetings where id = $1', [id]);
  return rows[0]!;
}

/** The token of the lease that holds the meeting now (what its worker got from claim_next_meeting). */
async function tokenOf(id: string): Promise<string | null> {
  return (await meeting(id)).lease_token;
}

/** Time passes for the lease: the worker holding it stopped heartbeating long ago. */
async function expireLease(id: string): Promise<void> {
  await stack.sql.query(`update public.meetings set lease_expires_at = now() - interval '1 second' where id = $1`, [
    id,
  ]);
}

/** Claims through the worker's path: supabase-js rpc via the gateway and PostgREST. */
async function claim(workerId: string, leaseSeconds = 300): Promise<MeetingRow | null> {
  const { data, error } = await rpc<MeetingRow[]>(worker, 'claim_next_meeting', {
    p_worker_id: workerId,
    p_lease_seconds: leaseSeconds,
  });
  if (error) throw new Error(`claim failed: ${error.message}`);
  return data?.[0] ?? null;
}

/** Claims as service_role over a plain connection (optionally inside an open transaction). */
async function claimSql(client: pg.ClientBase, workerId: string): Promise<MeetingRow | null> {
  const { rows } = await client.query<MeetingRow>('select * from public.claim_next_meeting($1, 300)', [workerId]);
  return rows[0] ?? null;
}

const result = {
  language: 'en',
  durationSec: 62.5,
  segments: [
    {
      start: 0,
      end: 4.2,
      text: 'Good morning, everyone.',
      speaker: 'SPEAKER_00',
      confidence: 0.93,
      words: [{ w: 'Good', s: 0, e: 0.4 }],
    },
    { start: 4.5, end: 9, text: 'Morning! Shall we start with the budget?', speaker: 'SPEAKER_01', confidence: 0.88 },
    { start: 9.1, end: 15, text: 'Yes, numbers are in the sheet.', speaker: 'SPEAKER_00' },
  ],
  speakers: [
    { label: 'SPEAKER_00', name: 'Alice', match: 'auto', score: 0.91 },
    { label: 'SPEAKER_01', name: null, match: 'new', score: null },
  ],
  summary: {
    overview: 'Budget review kickoff.',
    items: [{ type: 'action', text: 'Share the sheet' }],
    backend: 'extractive',
  },
};

async function counts(id: string) {
  const { rows } = await stack.sql.query<{ segments: number; speakers: number; summaries: number }>(
    `select (select count(*)::int from public.transcript_segments where meeting_id = $1) as segments,
            (select count(*)::int from public.meeting_speakers where meeting_id = $1) as speakers,
            (select count(*)::int from public.meeting_summaries where meeting_id = $1) as summaries`,
    [id],
  );
  return rows[0]!;
}

describe('claiming work', () => {
  it('hands the oldest pending meeting to a worker and starts its lease', async () => {
    await addMeeting({ title: 'already done', ageMinutes: 60, status: 'completed' });
    const oldest = await addMeeting({ title: 'oldest pending', ageMinutes: 30 });
    await addMeeting({ title: 'newer pending', ageMinutes: 5 });

    const claimed = await claim('worker-a', 120);

    expect(claimed?.id).toBe(oldest);
    const row = await meeting(oldest);
    expect(row).toMatchObject({
      status: 'processing',
      claimed_by: 'worker-a',
      attempts: 1,
      stage: 'queued',
      progress: 0,
    });
    expect(row.started_at).not.toBeNull();
    const { rows } = await stack.sql.query<{ secs: number }>(
      'select extract(epoch from lease_expires_at - now())::float as secs from public.meetings where id = $1',
      [oldest],
    );
    expect(rows[0]!.secs).toBeGreaterThan(110);
    expect(rows[0]!.secs).toBeLessThanOrEqual(120);
  });

  it('hands out the next meeting to the next worker, and nothing once the queue is empty', async () => {
    const first = await addMeeting({ ageMinutes: 2 });
    const second = await addMeeting({ ageMinutes: 1 });
    expect((await claim('worker-a'))?.id).toBe(first);
    expect((await claim('worker-b'))?.id).toBe(second);
    expect(await claim('worker-c')).toBeNull();
  });

  it('never hands out meetings in a status it does not know', async () => {
    // New rows with another status are refused (meetings_status_known); rows from before that check may have one.
    await stack.sql.query('alter table public.meetings drop constraint meetings_status_known');
    try {
      await addMeeting({ status: 'uploading', ageMinutes: 10 });
    } finally {
      await stack.sql.query(
        `alter table public.meetings add constraint meetings_status_known
           check (status in ('pending', 'processing', 'completed', 'failed')) not valid`,
      );
    }
    await addMeeting({ status: 'failed', ageMinutes: 9 });
    expect(await claim('worker-a')).toBeNull();
  });

  it('refuses a claim without a worker id or with a lease shorter than 5 seconds', async () => {
    await addMeeting();
    const noWorker = await rpc<MeetingRow[]>(worker, 'claim_next_meeting', { p_worker_id: '', p_lease_seconds: 60 });
    expect(noWorker.error).not.toBeNull();
    const shortLease = await rpc<MeetingRow[]>(worker, 'claim_next_meeting', {
      p_worker_id: 'worker-a',
      p_lease_seconds: 1,
    });
    expect(shortLease.error).not.toBeNull();
    const { rows } = await stack.sql.query(`select 1 from public.meetings where status <> 'pending'`);
    expect(rows).toHaveLength(0);
  });

  it('gives a meeting to only one of two workers claiming at the same moment', async () => {
    const only = await addMeeting();
    const a = await connectAs(stack.sql, 'service_role');
    const b = await connectAs(stack.sql, 'service_role');
    try {
      await a.query('begin');
      await b.query('begin');
      // B must not wait for A's open transaction (skip locked) and must not get A's meeting.
      await b.query(`set local statement_timeout = '5s'`);
      const claimedByA = await claimSql(a, 'worker-a');
      const claimedByB = await claimSql(b, 'worker-b');
      expect(claimedByA?.id).toBe(only);
      expect(claimedByB).toBeNull();
      await a.query('commit');
      await b.query('commit');
    } finally {
      await a.done();
      await b.done();
    }
    expect(await meeting(only)).toMatchObject({ claimed_by: 'worker-a', attempts: 1 });
  });

  it('lets a second worker take the next meeting while the first claim is still uncommitted', async () => {
    const first = await addMeeting({ ageMinutes: 2 });
    const second = await addMeeting({ ageMinutes: 1 });
    const a = await connectAs(stack.sql, 'service_role');
    const b = await connectAs(stack.sql, 'service_role');
    try {
      await a.query('begin');
      await b.query('begin');
      await b.query(`set local statement_timeout = '5s'`);
      expect((await claimSql(a, 'worker-a'))?.id).toBe(first);
      expect((await claimSql(b, 'worker-b'))?.id).toBe(second);
      await a.query('commit');
      await b.query('commit');
    } finally {
      await a.done();
      await b.done();
    }
  });

  it('claims each meeting exactly once when many workers poll at the same time', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5; i++) ids.add(await addMeeting({ ageMinutes: 10 - i }));

    const workers = Array.from({ length: 12 }, (_, i) => `worker-${i}`);
    const claims = await Promise.all(workers.map(async (w) => ({ w, m: await claim(w) })));

    const won = claims.filter((c) => c.m !== null);
    expect(won).toHaveLength(5);
    expect(new Set(won.map((c) => c.m!.id))).toEqual(ids);
    for (const c of won) {
      expect(await meeting(c.m!.id)).toMatchObject({ status: 'processing', claimed_by: c.w, attempts: 1 });
    }
  });
});

describe('leases', () => {
  it('extends the lease and records progress on a heartbeat from the worker holding the meeting', async () => {
    const id = await addMeeting();
    await claim('worker-a', 30);
    const before = (await meeting(id)).lease_expires_at!;

    const { data, error } = await rpc<boolean>(worker, 'heartbeat_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: await tokenOf(id),
      p_stage: 'transcribing',
      p_progress: 0.4,
      p_lease_seconds: 600,
    });

    expect(error).toBeNull();
    expect(data).toBe(true);
    const row = await meeting(id);
    expect(row.stage).toBe('transcribing');
    expect(row.progress).toBeCloseTo(0.4);
    expect(row.lease_expires_at!.getTime()).toBeGreaterThan(before.getTime() + 500_000);
  });

  it('ignores a heartbeat from a worker that does not hold the meeting', async () => {
    const id = await addMeeting();
    await claim('worker-a');
    const before = await meeting(id);

    const { data, error } = await rpc<boolean>(worker, 'heartbeat_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-b',
      p_lease_token: before.lease_token,
      p_stage: 'transcribing',
      p_progress: 0.9,
    });

    expect(error).toBeNull();
    expect(data).toBe(false);
    expect(await meeting(id)).toEqual(before);
  });

  it('clamps reported progress to 0..1', async () => {
    const id = await addMeeting();
    await claim('worker-a');
    const token = await tokenOf(id);
    await withRole(stack.sql, 'service_role', (c) =>
      c.query(`select public.heartbeat_meeting($1, 'worker-a', $2, 'diarizing', 7, 300)`, [id, token]),
    );
    expect((await meeting(id)).progress).toBe(1);
  });

  // greatest() ignores NULLs: a stage-only heartbeat once reset the progress to 0.
  it('keeps the last reported progress when a heartbeat carries only a stage', async () => {
    const id = await addMeeting();
    await claim('worker-a');
    const token = await tokenOf(id);
    await withRole(stack.sql, 'service_role', async (c) => {
      await c.query(`select public.heartbeat_meeting($1, 'worker-a', $2, 'transcribing', 0.5, 300)`, [id, token]);
      await c.query(`select public.heartbeat_meeting($1, 'worker-a', $2, 'diarizing', null, 300)`, [id, token]);
    });
    const row = await meeting(id);
    expect(row.stage).toBe('diarizing');
    expect(row.progress).toBeCloseTo(0.5);
  });

  it('does not hand a meeting to another worker while its lease is running', async () => {
    await addMeeting();
    await claim('worker-a');
    expect(await claim('worker-b')).toBeNull();
  });

  it('reclaims a meeting whose worker died after its lease expired', async () => {
    const id = await addMeeting();
    const first = await claim('worker-a');
    await expireLease(id);

    const reclaimed = await claim('worker-b');

    expect(reclaimed?.id).toBe(id);
    expect(await meeting(id)).toMatchObject({ status: 'processing', claimed_by: 'worker-b', attempts: 2 });
    // The dead worker comes back: it has lost the meeting and must stop.
    const hb = await rpc<boolean>(worker, 'heartbeat_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: first?.lease_token,
      p_stage: 'x',
      p_progress: 0.5,
    });
    expect(hb.data).toBe(false);
  });

  it('gives up with a reason when the last allowed attempt also loses its worker', async () => {
    const id = await addMeeting({ maxAttempts: 2 });
    await claim('worker-a');
    await expireLease(id);
    expect((await claim('worker-b'))?.id).toBe(id);
    await expireLease(id);

    expect(await claim('worker-c')).toBeNull();

    const row = await meeting(id);
    expect(row).toMatchObject({ status: 'failed', claimed_by: null, lease_expires_at: null, attempts: 2 });
    expect(row.error_message).toMatch(/stopped 2 times/);
    expect(row.completed_at).not.toBeNull();
  });
});

describe('lease tokens (two processes with one worker id, e.g. the desktop app and the CLI)', () => {
  it('gives every claim a new random token and clears it when the lease ends', async () => {
    const id = await addMeeting();
    const first = await claim('pc-host');
    expect(first?.lease_token).toMatch(/^[0-9a-f-]{36}$/);
    await expireLease(id);
    const second = await claim('pc-host');
    expect(second?.lease_token).toMatch(/^[0-9a-f-]{36}$/);
    expect(second?.lease_token).not.toBe(first?.lease_token);
    const release = { p_meeting_id: id, p_worker_id: 'pc-host', p_lease_token: second?.lease_token };
    expect((await rpc<boolean>(worker, 'release_meeting', release)).data).toBe(true);
    expect(await tokenOf(id)).toBeNull();
  });

  it('refuses heartbeat, complete, fail and release from the expired lease of the same worker id', async () => {
    const id = await addMeeting();
    const stale = (await claim('pc-host'))?.lease_token;
    await expireLease(id);
    const current = (await claim('pc-host'))?.lease_token;
    const lease = { p_meeting_id: id, p_worker_id: 'pc-host', p_lease_token: stale };
    const heartbeat = { ...lease, p_stage: 'transcribe', p_progress: 0.5, p_lease_seconds: 600 };

    expect((await rpc<boolean>(worker, 'heartbeat_meeting', heartbeat)).data).toBe(false);
    expect((await rpc<boolean>(worker, 'complete_meeting', { ...lease, p_result: result })).data).toBe(false);
    const failed = await rpc<string>(worker, 'fail_meeting', { ...lease, p_reason: 'x', p_retryable: false });
    expect(failed.data).toBeNull();
    expect((await rpc<boolean>(worker, 'release_meeting', lease)).data).toBe(false);
    expect(await counts(id)).toEqual({ segments: 0, speakers: 0, summaries: 0 });
    expect(await meeting(id)).toMatchObject({ status: 'processing', attempts: 2, lease_token: current });

    const held = { ...heartbeat, p_lease_token: current };
    expect((await rpc<boolean>(worker, 'heartbeat_meeting', held)).data).toBe(true);
  });

  it('refuses a call without a token: the old signatures are gone', async () => {
    const id = await addMeeting();
    await claim('pc-host');
    const untokened = await rpc<boolean>(worker, 'release_meeting', { p_meeting_id: id, p_worker_id: 'pc-host' });
    expect(untokened.error).not.toBeNull();
    expect(await meeting(id)).toMatchObject({ status: 'processing', claimed_by: 'pc-host' });
  });
});

describe('saving results', () => {
  it('saves segments, speakers and summary and marks the meeting completed', async () => {
    const id = await addMeeting();
    await claim('worker-a');

    const { data, error } = await rpc<boolean>(worker, 'complete_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: await tokenOf(id),
      p_result: result,
    });

    expect(error).toBeNull();
    expect(data).toBe(true);
    const row = await meeting(id);
    expect(row).toMatchObject({
      status: 'completed',
      processed_by: 'worker-a',
      claimed_by: null,
      lease_expires_at: null,
      stage: 'done',
      progress: 1,
      language: 'en',
      duration_sec: 62.5,
      error_message: null,
    });
    expect(row.completed_at).not.toBeNull();
    const segs = await stack.sql.query<{ seq: number; speaker_label: string; text: string; words: unknown }>(
      'select seq, speaker_label, start_time, end_time, text, confidence, words from public.transcript_segments where meeting_id = $1 order by seq',
      [id],
    );
    expect(segs.rows.map((r) => [r.seq, r.speaker_label, r.text])).toEqual([
      [0, 'SPEAKER_00', 'Good morning, everyone.'],
      [1, 'SPEAKER_01', 'Morning! Shall we start with the budget?'],
      [2, 'SPEAKER_00', 'Yes, numbers are in the sheet.'],
    ]);
    expect(segs.rows[0]?.words).toEqual([{ w: 'Good', s: 0, e: 0.4 }]);
    expect(segs.rows[2]?.words).toEqual([]);
    const speakers = await stack.sql.query(
      'select label, name, match from public.meeting_speakers where meeting_id = $1 order by label',
      [id],
    );
    expect(speakers.rows).toEqual([
      { label: 'SPEAKER_00', name: 'Alice', match: 'auto' },
      { label: 'SPEAKER_01', name: null, match: 'new' },
    ]);
    const summary = await stack.sql.query(
      'select summary, items, backend from public.meeting_summaries where meeting_id = $1',
      [id],
    );
    expect(summary.rows).toEqual([
      { summary: 'Budget review kickoff.', items: result.summary.items, backend: 'extractive' },
    ]);
  });

  it('replaces the results of an earlier run instead of duplicating them', async () => {
    const id = await addMeeting();
    await claim('worker-a');
    await rpc<boolean>(worker, 'complete_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: await tokenOf(id),
      p_result: result,
    });
    expect(await counts(id)).toEqual({ segments: 3, speakers: 2, summaries: 1 });

    // Someone asks for the meeting to be processed again; another worker re-runs it.
    await stack.sql.query(`update public.meetings set status = 'pending' where id = $1`, [id]);
    expect((await claim('worker-b'))?.id).toBe(id);
    const rerun = {
      ...result,
      segments: result.segments.slice(0, 2),
      speakers: result.speakers.slice(0, 1),
      summary: null,
    };
    const { data } = await rpc<boolean>(worker, 'complete_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-b',
      p_lease_token: await tokenOf(id),
      p_result: rerun,
    });

    expect(data).toBe(true);
    expect(await counts(id)).toEqual({ segments: 2, speakers: 1, summaries: 0 });
    expect(await meeting(id)).toMatchObject({ status: 'completed', processed_by: 'worker-b' });
  });

  it('does not save twice when the worker repeats a completion whose reply it never got', async () => {
    const id = await addMeeting();
    const token = (await claim('worker-a'))?.lease_token;
    const complete = { p_meeting_id: id, p_worker_id: 'worker-a', p_lease_token: token, p_result: result };
    const first = await rpc<boolean>(worker, 'complete_meeting', complete);
    const again = await rpc<boolean>(worker, 'complete_meeting', complete);
    expect(first.data).toBe(true);
    expect(again.data).toBe(false);
    expect(await counts(id)).toEqual({ segments: 3, speakers: 2, summaries: 1 });
    // The worker then tells a lost reply from a lost lease: this lease's result is the saved one.
    const saved = await rpc<boolean>(worker, 'meeting_completed_by_lease', { p_meeting_id: id, p_lease_token: token });
    expect(saved.data).toBe(true);
  });

  it('tells a lost lease from a lost reply: a result saved by another lease is not this one', async () => {
    const id = await addMeeting();
    const lost = (await claim('pc-host'))?.lease_token;
    await expireLease(id);
    const current = (await claim('pc-host'))?.lease_token;
    const complete = { p_meeting_id: id, p_worker_id: 'pc-host', p_result: result };
    expect((await rpc<boolean>(worker, 'complete_meeting', { ...complete, p_lease_token: current })).data).toBe(true);
    const asked = await rpc<boolean>(worker, 'meeting_completed_by_lease', { p_meeting_id: id, p_lease_token: lost });
    expect(asked.data).toBe(false);
  });

  it('writes nothing when a worker that lost its lease tries to complete', async () => {
    const id = await addMeeting();
    const first = await claim('worker-a');
    await expireLease(id);
    await claim('worker-b');

    const { data, error } = await rpc<boolean>(worker, 'complete_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: first?.lease_token,
      p_result: result,
    });

    expect(error).toBeNull();
    expect(data).toBe(false);
    expect(await counts(id)).toEqual({ segments: 0, speakers: 0, summaries: 0 });
    expect(await meeting(id)).toMatchObject({ status: 'processing', claimed_by: 'worker-b' });
  });

  it('saves all or nothing: a bad segment leaves no partial results behind', async () => {
    const id = await addMeeting();
    await claim('worker-a');
    const broken = { ...result, segments: [...result.segments, { start: 20, end: 10, text: 'time runs backwards' }] };

    const { data, error } = await rpc<boolean>(worker, 'complete_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: await tokenOf(id),
      p_result: broken,
    });

    expect(error).not.toBeNull();
    expect(data).toBeNull();
    expect(await counts(id)).toEqual({ segments: 0, speakers: 0, summaries: 0 });
    expect(await meeting(id)).toMatchObject({ status: 'processing', claimed_by: 'worker-a' });
  });
});

describe('failures and hand-backs', () => {
  it('puts a meeting that failed for a passing reason back in the queue, but not before its retry time', async () => {
    const id = await addMeeting();
    await claim('worker-a');

    const { data, error } = await rpc<string>(worker, 'fail_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: await tokenOf(id),
      p_reason: 'Storage download timed out',
      p_retryable: true,
    });

    expect(error).toBeNull();
    expect(data).toBe('pending');
    const row = await meeting(id);
    expect(row).toMatchObject({
      status: 'pending',
      claimed_by: null,
      error_message: 'Storage download timed out',
      attempts: 1,
    });
    const { rows } = await stack.sql.query<{ secs: number }>(
      'select extract(epoch from next_attempt_at - now())::float as secs from public.meetings where id = $1',
      [id],
    );
    expect(rows[0]!.secs).toBeGreaterThan(10);

    expect(await claim('worker-b')).toBeNull();
    await stack.sql.query(`update public.meetings set next_attempt_at = now() - interval '1 second' where id = $1`, [
      id,
    ]);
    expect(await claim('worker-b')).toMatchObject({ id, attempts: 2, claimed_by: 'worker-b' });
  });

  it('waits longer before each new attempt', async () => {
    const id = await addMeeting({ maxAttempts: 5 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      await stack.sql.query(`update public.meetings set next_attempt_at = null where id = $1`, [id]);
      await claim('worker-a');
      await rpc<string>(worker, 'fail_meeting', {
        p_meeting_id: id,
        p_worker_id: 'worker-a',
        p_lease_token: await tokenOf(id),
        p_reason: 'flaky',
        p_retryable: true,
      });
      const { rows } = await stack.sql.query<{ secs: number }>(
        'select extract(epoch from next_attempt_at - now())::float as secs from public.meetings where id = $1',
        [id],
      );
      delays.push(rows[0]!.secs);
    }
    expect(delays[1]!).toBeGreaterThan(delays[0]!);
    expect(delays[2]!).toBeGreaterThan(delays[1]!);
  });

  it('ends a meeting as failed when a passing failure hits its last attempt', async () => {
    const id = await addMeeting({ maxAttempts: 1 });
    await claim('worker-a');
    const { data } = await rpc<string>(worker, 'fail_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: await tokenOf(id),
      p_reason: 'Network down',
      p_retryable: true,
    });
    expect(data).toBe('failed');
    expect(await meeting(id)).toMatchObject({ status: 'failed', error_message: 'Network down', next_attempt_at: null });
  });

  it('ends a meeting as failed at once, with the message, when its input is bad', async () => {
    const id = await addMeeting();
    await claim('worker-a');

    const token = await tokenOf(id);
    const status = await withRole(stack.sql, 'service_role', async (c) => {
      const { rows } = await c.query<{ s: string }>(
        `select public.fail_meeting($1, 'worker-a', $2, 'The recording has no audio track.', false) as s`,
        [id, token],
      );
      return rows[0]!.s;
    });

    expect(status).toBe('failed');
    const row = await meeting(id);
    expect(row).toMatchObject({
      status: 'failed',
      error_message: 'The recording has no audio track.',
      claimed_by: null,
      processed_by: 'worker-a',
    });
    expect(row.completed_at).not.toBeNull();
    expect(await claim('worker-b')).toBeNull();
  });

  it('ignores a failure reported by a worker that does not hold the meeting', async () => {
    const id = await addMeeting();
    await claim('worker-a');
    const { data, error } = await rpc<string>(worker, 'fail_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-b',
      p_lease_token: await tokenOf(id),
      p_reason: 'nope',
      p_retryable: false,
    });
    expect(error).toBeNull();
    expect(data).toBeNull();
    expect(await meeting(id)).toMatchObject({ status: 'processing', claimed_by: 'worker-a', error_message: null });
  });

  it('takes back a released meeting without counting the attempt', async () => {
    const id = await addMeeting();
    const token = (await claim('worker-a'))?.lease_token;
    const release = { p_meeting_id: id, p_worker_id: 'worker-a', p_lease_token: token };

    const { data } = await rpc<boolean>(worker, 'release_meeting', release);

    expect(data).toBe(true);
    expect(await meeting(id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      claimed_by: null,
      lease_expires_at: null,
      stage: null,
    });
    expect(await claim('worker-b')).toMatchObject({ id, attempts: 1 });
    const notHolder = await rpc<boolean>(worker, 'release_meeting', release);
    expect(notHolder.data).toBe(false);
  });

  it('lets a person retry a failed meeting with a fresh attempt budget', async () => {
    const id = await addMeeting({ maxAttempts: 1 });
    await claim('worker-a');
    await rpc<string>(worker, 'fail_meeting', {
      p_meeting_id: id,
      p_worker_id: 'worker-a',
      p_lease_token: await tokenOf(id),
      p_reason: 'Model crashed',
      p_retryable: false,
    });

    const { data } = await rpc<boolean>(worker, 'retry_meeting', { p_meeting_id: id });

    expect(data).toBe(true);
    expect(await meeting(id)).toMatchObject({
      status: 'pending',
      attempts: 0,
      error_message: null,
      next_attempt_at: null,
      completed_at: null,
    });
    expect(await claim('worker-b')).toMatchObject({ id, attempts: 1 });
  });

  it('does not retry a meeting that has not failed', async () => {
    const id = await addMeeting();
    await claim('worker-a');
    const { data } = await rpc<boolean>(worker, 'retry_meeting', { p_meeting_id: id });
    expect(data).toBe(false);
    expect(await meeting(id)).toMatchObject({ status: 'processing', claimed_by: 'worker-a', attempts: 1 });
  });
});

describe('worker registry', () => {
  it('registers a worker and then keeps its entry up to date', async () => {
    const id = await addMeeting();
    const first = await rpc(worker, 'report_worker', {
      p_worker_id: 'pc-1',
      p_name: 'Office PC',
      p_state: 'running',
      p_current_meeting_id: null,
      p_system_info: { gpu: 'none', cores: 8 },
    });
    expect(first.error).toBeNull();
    const { rows: before } = await stack.sql.query(`select * from public.workers where id = 'pc-1'`);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({
      name: 'Office PC',
      state: 'running',
      current_meeting_id: null,
      system_info: { gpu: 'none', cores: 8 },
    });

    await stack.sql.query(`update public.workers set last_seen_at = now() - interval '1 minute' where id = 'pc-1'`);
    const second = await rpc(worker, 'report_worker', {
      p_worker_id: 'pc-1',
      p_name: 'Office PC (renamed)',
      p_state: 'paused',
      p_current_meeting_id: id,
      p_system_info: {},
    });
    expect(second.error).toBeNull();

    const { rows: after } = await stack.sql.query(
      `select *, now() - last_seen_at < interval '10 seconds' as fresh from public.workers`,
    );
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({
      name: 'Office PC (renamed)',
      state: 'paused',
      current_meeting_id: id,
      system_info: { gpu: 'none', cores: 8 },
      fresh: true,
    });
  });

  it('rejects a state the app does not know', async () => {
    const { error } = await rpc(worker, 'report_worker', {
      p_worker_id: 'pc-1',
      p_name: 'Office PC',
      p_state: 'sleeping',
      p_current_meeting_id: null,
      p_system_info: null,
    });
    expect(error).not.toBeNull();
    const { rows } = await stack.sql.query('select 1 from public.workers');
    expect(rows).toHaveLength(0);
  });
});
