import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sampleRecording } from '../support/shared-data.js';
import { supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

interface QueueRow {
  id: string;
  status: string;
  attempts: number;
  processed_by: string | null;
  claimed_by: string | null;
  segments: number;
  distinct_seq: number;
}

async function queueRows(stack: SupabaseStack, ids: string[]): Promise<QueueRow[]> {
  const result = await stack.sql.query<QueueRow>(
    `select m.id, m.status, m.attempts, m.processed_by, m.claimed_by,
            (select count(*)::int from transcript_segments s where s.meeting_id = m.id) as segments,
            (select count(distinct seq)::int from transcript_segments s where s.meeting_id = m.id) as distinct_seq
       from meetings m where m.id = any($1::uuid[]) order by m.created_at`,
    [ids],
  );
  return result.rows;
}

async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out; last state: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('several worker processes on one Supabase queue', () => {
  let stack: SupabaseStack;
  let logRoot = '';
  const workers: WorkerProcess[] = [];

  const insertMeetings = async (count: number): Promise<string[]> => {
    const rows = Array.from({ length: count }, (_, index) => ({
      title: `Meeting ${index}`,
      audio_path: 'meetings/lecture.flac',
    }));
    const { data, error } = await supabaseClient(stack.url, stack.serviceKey)
      .from('meetings')
      .insert(rows)
      .select('id');
    if (error !== null) throw error;
    return (data as { id: string }[]).map((row) => row.id);
  };
  const startWorker = (id: string): WorkerProcess => {
    const worker = startWorkerProcess({
      SUPABASE_URL: stack.url,
      SUPABASE_KEY: stack.serviceKey,
      WORKER_ID: id,
      WORKER_NAME: `Test ${id}`,
      LEASE_SECONDS: '15',
      LOG_LEVEL: 'debug',
      LOG_DIR: path.join(logRoot, id),
      AUDIO_TEMP_DIR: path.join(logRoot, `${id}-temp`),
      PC_WORKER_DATA_DIR: path.join(logRoot, `${id}-data`),
    });
    workers.push(worker);
    return worker;
  };

  beforeAll(async () => {
    stack = await startSupabaseStack();
    logRoot = mkdtempSync(path.join(os.tmpdir(), 'pcw-workers-'));
    const upload = await supabaseClient(stack.url, stack.serviceKey)
      .storage.from(MEETING_AUDIO_BUCKET)
      .upload('meetings/lecture.flac', readFileSync(sampleRecording.file));
    if (upload.error !== null) throw upload.error;
  });

  afterAll(async () => {
    await Promise.all(workers.map((worker) => stopWorkerProcess(worker, 'SIGKILL')));
    await stack.stop();
    rmSync(logRoot, { recursive: true, force: true });
  });

  it('completes every meeting exactly once when three workers race for four meetings', async () => {
    const ids = await insertMeetings(4);
    const racers = ['racer-a', 'racer-b', 'racer-c'].map(startWorker);
    const rows = await waitFor(
      () => queueRows(stack, ids),
      (current) => current.every((row) => row.status === 'completed'),
      240_000,
    );
    for (const row of rows) {
      expect(row.attempts).toBe(1);
      expect(row.segments).toBeGreaterThan(0);
      expect(row.distinct_seq).toBe(row.segments);
    }
    expect(new Set(rows.map((row) => row.processed_by)).size).toBeGreaterThan(1);
    await Promise.all(racers.map((worker) => stopWorkerProcess(worker)));
    const offline = await stack.sql.query<{ state: string }>(`select state from workers where id like 'racer-%'`);
    expect(offline.rows.map((row) => row.state)).toEqual(['offline', 'offline', 'offline']);
  });

  it('reclaims the meeting of a worker killed with SIGKILL after its lease expires, and completes it once', async () => {
    const [id = ''] = await insertMeetings(1);
    const doomed = startWorker('doomed');
    await waitFor(
      () => queueRows(stack, [id]),
      ([row]) => row?.claimed_by === 'doomed',
      60_000,
    );
    await stopWorkerProcess(doomed, 'SIGKILL');
    startWorker('rescuer');
    const [row] = await waitFor(
      () => queueRows(stack, [id]),
      ([current]) => current?.status === 'completed',
      120_000,
    );
    expect(row).toMatchObject({ status: 'completed', processed_by: 'rescuer', attempts: 2 });
    expect(row?.distinct_seq).toBe(row?.segments);
  });

  it('never writes a key or token into any log file', () => {
    const files = readdirSync(logRoot, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.log'))
      .map((entry) => path.join(entry.parentPath, entry.name));
    expect(files.length).toBeGreaterThanOrEqual(4);
    const logs = files.map((file) => readFileSync(file, 'utf8')).join('\n');
    expect(logs).toContain('processing started');
    for (const secret of [stack.serviceKey, stack.anonKey, stack.jwtSecret]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/token=[A-Za-z0-9]/);
  });
});
