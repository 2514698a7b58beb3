import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { sampleRecording } from '../../support/shared-data.js';
import { supabaseClient } from '../../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../../support/stack/stack.js';
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from '../../support/worker-process.js';

/** The shortest lease settings allow (LEASE_SECONDS ≥ 15): heartbeats every 5 s. */
export const faultLeaseSeconds = 15;

export interface MeetingState {
  id: string;
  title: string | null;
  status: string;
  error_message: string | null;
  attempts: number;
  claimed_by: string | null;
  processed_by: string | null;
  stage: string | null;
  segments: number;
  distinct_seq: number;
  /** How many times the row entered `completed` (audit trigger): more than one is a duplicate. */
  completions: number;
}

export interface NewMeeting {
  title?: string;
  audio_path?: string | null;
  [column: string]: unknown;
}

/**
 * Records every status change of a meeting in a schema PostgREST does not expose, so a scenario can
 * count completions (a duplicate is a second `completed`) without trusting the worker's own logs.
 * Security definer: the worker's role has no rights on this test-only schema.
 */
export const auditSql = `
  create schema if not exists fault_audit;
  create table if not exists fault_audit.transitions (
    meeting_id uuid not null, status text not null, worker text, at timestamptz not null default clock_timestamp());
  create or replace function fault_audit.record() returns trigger language plpgsql
    security definer set search_path = '' as $$
  begin
    if new.status is distinct from old.status then
      insert into fault_audit.transitions (meeting_id, status, worker)
      values (new.id, new.status, coalesce(new.processed_by, new.claimed_by));
    end if;
    return new;
  end $$;
  drop trigger if exists fault_audit_transitions on public.meetings;
  create trigger fault_audit_transitions after update on public.meetings
    for each row execute function fault_audit.record();
`;

/** One real stack, the sample clip uploaded, and the worker processes a scenario starts. */
export interface FaultBed {
  stack: SupabaseStack;
  /** Temp root for worker logs, data and audio temp folders. */
  root: string;
  workers: WorkerProcess[];
  upload(objectPath: string, bytes: Buffer): Promise<void>;
  insertMeetings(rows: NewMeeting[]): Promise<string[]>;
  /** `args`: the CLI command line, `serve` unless given (e.g. `serve --dashboard --port 0`). */
  startWorker(workerId: string, env?: Record<string, string>, args?: string[]): WorkerProcess;
  /** Where a worker id keeps its audio temp folders (stable across restarts: the checkpoint lives here). */
  tempDirOf(workerId: string): string;
  logDirOf(workerId: string): string;
  meetings(ids: string[]): Promise<MeetingState[]>;
  waitForMeetings(ids: string[], done: (rows: MeetingState[]) => boolean, timeoutMs: number): Promise<MeetingState[]>;
  close(): Promise<void>;
}

export const sampleObjectPath = 'meetings/lecture.flac';

export async function openFaultBed(): Promise<FaultBed> {
  const stack = await startSupabaseStack();
  await stack.sql.query(auditSql);
  const root = mkdtempSync(path.join(os.tmpdir(), 'pcw-faults-'));
  const service = supabaseClient(stack.url, stack.serviceKey);
  const workers: WorkerProcess[] = [];

  const bed: FaultBed = {
    stack,
    root,
    workers,
    async upload(objectPath, bytes) {
      const result = await service.storage.from(MEETING_AUDIO_BUCKET).upload(objectPath, bytes, { upsert: true });
      if (result.error !== null) throw result.error;
    },
    async insertMeetings(rows) {
      const full = rows.map((row) => ({ title: 'Fault meeting', audio_path: sampleObjectPath, ...row }));
      const { data, error } = await service.from('meetings').insert(full).select('id');
      if (error !== null) throw new Error(error.message);
      return (data as { id: string }[]).map((row) => row.id);
    },
    tempDirOf: (workerId) => path.join(root, `${workerId}-temp`),
    logDirOf: (workerId) => path.join(root, `${workerId}-logs`),
    startWorker(workerId, env = {}, args = ['serve']) {
      const worker = startWorkerProcess(
        {
          SUPABASE_URL: stack.url,
          SUPABASE_KEY: stack.serviceKey,
          WORKER_ID: workerId,
          WORKER_NAME: `Fault ${workerId}`,
          LEASE_SECONDS: String(faultLeaseSeconds),
          LOG_LEVEL: 'debug',
          ENABLE_GPU: 'false',
          LOG_DIR: bed.logDirOf(workerId),
          AUDIO_TEMP_DIR: bed.tempDirOf(workerId),
          PC_WORKER_DATA_DIR: path.join(root, `${workerId}-data`),
          ...env,
        },
        args,
      );
      workers.push(worker);
      return worker;
    },
    async meetings(ids) {
      const query = () =>
        stack.sql.query<MeetingState>(
          `select m.id, m.title, m.status, m.error_message, m.attempts, m.claimed_by, m.processed_by, m.stage,
                (select count(*)::int from public.transcript_segments s where s.meeting_id = m.id) as segments,
                (select count(distinct seq)::int from public.transcript_segments s where s.meeting_id = m.id) as distinct_seq,
                (select count(*)::int from fault_audit.transitions t
                  where t.meeting_id = m.id and t.status = 'completed') as completions
           from public.meetings m where m.id = any($1::uuid[]) order by m.created_at, m.id`,
          [ids],
        );
      // After a PostgreSQL restart a pooled connection is dead until used once.
      const result = await query().catch(query);
      return result.rows;
    },
    async waitForMeetings(ids, done, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const rows = await bed.meetings(ids);
        if (done(rows)) return rows;
        if (Date.now() > deadline) return rows;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    async close() {
      await Promise.all(workers.map((worker) => stopWorkerProcess(worker, 'SIGKILL')));
      await stack.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
  await bed.upload(sampleObjectPath, readFileSync(sampleRecording.file));
  return bed;
}

export const isTerminal = (row: MeetingState): boolean => row.status === 'completed' || row.status === 'failed';
export const allTerminal = (rows: MeetingState[]): boolean => rows.every(isTerminal);

/** Resolves once the worker's output matches `pattern` (stage lines are `<stage> started | meeting=<id>`). */
export async function waitForOutput(
  worker: WorkerProcess,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(worker.output());
    if (match !== null) return match;
    if (worker.child.exitCode !== null || worker.child.signalCode !== null) {
      throw new Error(`worker exited before ${String(pattern)}:\n${worker.output().slice(-3000)}`);
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${String(pattern)}:\n${worker.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
