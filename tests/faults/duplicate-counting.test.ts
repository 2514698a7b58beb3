/**
 * The fault suite's "duplicated" column must be able to fire. Rows cannot show a second save:
 * complete_meeting deletes the old segments before inserting, and (meeting_id, seq) is unique. So the
 * database records each accepted completion and each segment save as it happens (meeting-audit.ts), and
 * this file proves the chain audit → MeetingState → tally on the real SQL (embedded PGlite, the same
 * migrations as Supabase) by replaying a completion against a complete_meeting that lost its lease
 * check, the bug a lost reply plus a retry would expose.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';

import { auditSql, meetingStateSql, type MeetingState } from './support/meeting-audit.js';
import { tally } from './support/results-report.js';

const result = {
  language: 'en',
  durationSec: 4,
  speakers: [],
  segments: [
    { start: 0, end: 1.5, text: ' Hello.', speaker: 'SPEAKER_00' },
    { start: 1.5, end: 3.5, text: ' Goodbye.', speaker: 'SPEAKER_00' },
  ],
};

const row = (overrides: Partial<MeetingState>): MeetingState => ({
  id: 'm',
  title: null,
  status: 'completed',
  error_message: null,
  attempts: 1,
  claimed_by: null,
  processed_by: 'w',
  stage: 'done',
  segments: 2,
  completions: 1,
  saves: 1,
  ...overrides,
});

describe('counting duplicates in the fault suite', () => {
  let dir = '';
  let db: PGlite;

  const claimAndComplete = async (): Promise<{ id: string; token: string; accepted: boolean }> => {
    const inserted = await db.query<{ id: string }>(
      `insert into public.meetings (title, audio_path) values ('counting', 'x.flac') returning id`,
    );
    const id = inserted.rows[0]?.id ?? '';
    const claimed = await db.query<{ lease_token: string }>(
      `select lease_token from public.claim_next_meeting('counter', 60, $1)`,
      [id],
    );
    const token = claimed.rows[0]?.lease_token ?? '';
    return { id, token, accepted: await complete(id, token) };
  };
  const complete = async (id: string, token: string): Promise<boolean> =>
    (
      await db.query<{ ok: boolean }>(`select public.complete_meeting($1, 'counter', $2, $3::jsonb) as ok`, [
        id,
        token,
        JSON.stringify(result),
      ])
    ).rows[0]?.ok === true;
  const state = async (id: string): Promise<MeetingState> =>
    (await db.query<MeetingState>(meetingStateSql('where m.id = $1'), [id])).rows[0]!;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-counting-'));
    db = await openEmbeddedDatabase(path.join(dir, 'db'), defaultSupabaseDir());
    await db.exec(auditSql);
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tally counts a second accepted completion or a second save as duplicated', () => {
    expect(tally('t', 1, [row({})])).toMatchObject({ completedOnce: 1, duplicated: 0 });
    expect(tally('t', 1, [row({ completions: 2 })])).toMatchObject({ completedOnce: 0, duplicated: 1 });
    expect(tally('t', 1, [row({ saves: 2 })])).toMatchObject({ completedOnce: 0, duplicated: 1 });
    expect(tally('t', 1, [row({ status: 'processing', completions: 0, saves: 0 })])).toMatchObject({ lost: 1 });
  });

  it('counts one completion and one save when a completion is replayed against the real complete_meeting', async () => {
    const { id, token, accepted } = await claimAndComplete();
    expect(accepted).toBe(true);
    // A worker whose reply was lost sends the same call again: the lease is spent, so it is refused.
    expect(await complete(id, token)).toBe(false);
    const counted = await state(id);
    expect(counted).toMatchObject({ status: 'completed', segments: 2, completions: 1, saves: 1 });
    expect(tally('replay', 1, [counted])).toMatchObject({ completedOnce: 1, duplicated: 0 });
  });

  it('fires when a complete_meeting without its lease check accepts the replay, though the rows look the same', async () => {
    const migration = readFileSync(
      path.join(defaultSupabaseDir(), 'migrations', '20261203000100_lease_tokens.sql'),
      'utf8',
    );
    const start = migration.indexOf('create or replace function public.complete_meeting(');
    const body = migration.slice(start, migration.indexOf('$$;', start) + 3);
    const guard =
      /where id = p_meeting_id and claimed_by = p_worker_id and lease_token = p_lease_token\s+and status = 'processing'/;
    expect(body).toMatch(guard);
    await db.exec(body.replace(guard, 'where id = p_meeting_id'));
    try {
      const { id, token, accepted } = await claimAndComplete();
      expect(accepted).toBe(true);
      expect(await complete(id, token)).toBe(true);
      const counted = await state(id);
      // The rows alone cannot tell: still completed, still 2 segments with distinct seq numbers.
      expect(counted).toMatchObject({ status: 'completed', segments: 2, completions: 2, saves: 2 });
      expect(tally('replay against the unguarded function', 1, [counted])).toMatchObject({
        completedOnce: 0,
        duplicated: 1,
      });
    } finally {
      await db.exec(body);
    }
  });
});
