import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { resolveFfmpegBinary } from '../../../electron/core/audio/ffmpeg-binary.js';
import { sampleRecording } from '../../support/shared-data.js';
import { supabaseClient } from '../../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../../support/stack/stack.js';
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from '../../support/worker-process.js';

import { auditSql, meetingStateSql, type MeetingState } from './meeting-audit.js';

export type { MeetingState } from './meeting-audit.js';

/** The shortest lease settings allow (LEASE_SECONDS ≥ 15): heartbeats every 5 s. */
export const faultLeaseSeconds = 15;

export interface NewMeeting {
  title?: string;
  audio_path?: string | null;
  [column: string]: unknown;
}

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
      const query = () => stack.sql.query<MeetingState>(meetingStateSql('where m.id = any($1::uuid[])'), [ids]);
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

/** Uploads a real cut of the sample (its first `seconds`), so a processed meeting stays short. */
export async function uploadSampleCut(bed: FaultBed, objectPath: string, seconds: number): Promise<void> {
  const clip = execFileSync(resolveFfmpegBinary(), [
    ...['-hide_banner', '-loglevel', 'error', '-i', sampleRecording.file, '-t', String(seconds), '-f', 'flac', '-'],
  ]);
  await bed.upload(objectPath, clip);
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
