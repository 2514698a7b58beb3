import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { localApiClient, readLocalApiAddress } from '../../electron/core/embedded/local-api-client.js';
import { localApiFileName } from '../../electron/core/embedded/local-api-server.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { repoDir, sampleRecording, sharedModelsDir } from '../support/shared-data.js';
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

import { faultLeaseSeconds } from './support/fault-bed.js';
import { auditSql, meetingStateSql, type MeetingState } from './support/meeting-audit.js';
import { isClean, tally, writeResultsSection, type ScenarioTally } from './support/results-report.js';

/**
 * One owner of the embedded database (issue 21): `pc-worker enqueue` processes, each its own OS
 * process, hand recordings to a running `pc-worker serve` through its local API; serve is SIGKILLed
 * mid-way and started again. FAULT_ENQUEUES (default 20: four waves, the kill in the second, with
 * requests in flight) enqueues, FAULT_ENQUEUE_PARALLEL at a time. Each meeting is then processed in
 * full, one after another: at 50 this scenario alone took 5 of the suite's 15 minutes.
 */
const enqueues = Number(process.env['FAULT_ENQUEUES'] ?? 20);
const parallel = Number(process.env['FAULT_ENQUEUE_PARALLEL'] ?? 5);
const results: ScenarioTally[] = [];
const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-owner-'));
const dataDir = path.join(dir, 'data');
const env = {
  PC_WORKER_DATA_DIR: dataDir,
  AUDIO_TEMP_DIR: path.join(dir, 'temp'),
  LEASE_SECONDS: String(faultLeaseSeconds),
  WORKER_ID: 'owner-test',
};

afterAll(() => {
  writeResultsSection(
    'embedded-owner',
    'One owner of the embedded database (PGlite)',
    results,
    `Separate \`pc-worker enqueue\` processes (${parallel} at a time) while \`pc-worker serve\` runs on the embedded queue; ` +
      `serve SIGKILLed after half of them started and restarted 2 s later. Clip: the sample's first 2.5 s. ` +
      `"completed once" = one transition to completed (audit trigger), segments without repeats; orphaned audio = ` +
      `a file in the local bucket no row points at.`,
  );
  rmSync(dir, { recursive: true, force: true });
});

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoDir, 'electron', 'cli', 'bin.mjs'), ...args], {
      cwd: repoDir,
      env: {
        PATH: process.env['PATH'] ?? '/usr/bin:/bin',
        HOME: process.env['HOME'] ?? '/tmp',
        MODEL_CACHE_DIR: sharedModelsDir,
        WHISPER_MODEL: 'Xenova/whisper-tiny',
        ALLOW_REMOTE_MODELS: 'false',
        ...env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
  intervalMs = 1000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

async function readRows(): Promise<{ rows: MeetingState[]; total: number }> {
  const db = await openEmbeddedDatabase(path.join(dataDir, 'db'), defaultSupabaseDir());
  try {
    const rows = await db.query<MeetingState>(meetingStateSql(''));
    return { rows: rows.rows, total: rows.rows.length };
  } finally {
    await db.close();
  }
}

/** Runs tests/faults/support/pglite-writer.ts; resolves with the inserts it says were acknowledged. */
function runWriter(folder: string, mode: 'raw' | 'owned', tag: string, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(repoDir, 'tests', 'faults', 'support', 'pglite-writer.ts'),
        folder,
        mode,
        tag,
        String(count),
      ],
      { cwd: repoDir, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code) =>
      code === 0 ? resolve(Number(out.trim())) : reject(new Error(`writer ${tag} exited ${code}`)),
    );
  });
}

/** Rows a sequential scan finds, and rows the queue's partial index finds, for the same question. */
async function countBothWays(folder: string): Promise<{ table: number; index: number }> {
  const db = await openEmbeddedDatabase(path.join(folder, 'db'), defaultSupabaseDir());
  try {
    const question = `select count(*)::int as n from public.meetings where status in ('pending', 'processing')`;
    await db.exec('set enable_indexscan = off; set enable_bitmapscan = off');
    const table = (await db.query<{ n: number }>(question)).rows[0]?.n ?? -1;
    await db.exec('set enable_indexscan = on; set enable_bitmapscan = on; set enable_seqscan = off');
    const index = (await db.query<{ n: number }>(question)).rows[0]?.n ?? -1;
    return { table, index };
  } finally {
    await db.close();
  }
}

describe('one owner of the embedded database', { timeout: 1_500_000 }, () => {
  it('two processes writing one PGlite folder: without the lock rows vanish and the index drifts; with it, none', async () => {
    const perWriter = 300;
    const notes: string[] = [];
    for (const mode of ['raw', 'owned'] as const) {
      const folder = path.join(dir, `two-writers-${mode}`);
      await runWriter(folder, mode, 'setup', 0);
      const acknowledged = await Promise.all([
        runWriter(folder, mode, 'A', perWriter),
        runWriter(folder, mode, 'B', perWriter),
      ]);
      const counts = await countBothWays(folder);
      const sum = acknowledged.reduce((a, b) => a + b, 0);
      notes.push(
        `${mode === 'raw' ? 'without the lock (before)' : 'with the lock'}: ${sum} inserts acknowledged, ` +
          `${counts.table} rows in the table, ${counts.index} found through meetings_claimable_idx`,
      );
      if (mode === 'owned') {
        expect(counts).toEqual({ table: sum, index: sum });
        results.push({
          scenario: 'two processes add 300 rows each to one data folder',
          runs: 1,
          submitted: sum,
          completedOnce: counts.table,
          failedWithReason: 0,
          lost: sum - counts.table,
          duplicated: 0,
          notes: notes.join('; '),
        });
      }
    }
  });

  it('loses no meeting when many enqueue processes meet a serve that is killed and restarted', async () => {
    const clip = path.join(dir, 'clip.flac');
    execFileSync(resolveFfmpegBinary(), ['-v', 'error', '-i', sampleRecording.file, '-t', '2.5', clip]);
    // The audit trigger goes in before any worker opens the folder.
    const setup = await openEmbeddedDatabase(path.join(dataDir, 'db'), defaultSupabaseDir());
    await setup.exec(auditSql);
    await setup.close();

    const started = Date.now();
    let serve: WorkerProcess = startWorkerProcess(env);
    const servers = [serve];
    await waitFor(() => existsSync(path.join(dataDir, localApiFileName)), 120_000, 'serve to open the folder');

    const outcomes: { code: number | null; stdout: string; stderr: string }[] = [];
    let killedAt = 0;
    let restartedAt = 0;
    for (let wave = 0; wave * parallel < enqueues; wave++) {
      const batch = Array.from({ length: Math.min(parallel, enqueues - wave * parallel) }, (_, i) =>
        runCli(['enqueue', clip, '--title', `owner #${wave * parallel + i + 1}`]),
      );
      if (killedAt === 0 && (wave + 1) * parallel >= enqueues / 2) {
        // Mid-way: the owner dies with this wave's requests in flight.
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await stopWorkerProcess(serve, 'SIGKILL');
        killedAt = Date.now();
        setTimeout(() => {
          serve = startWorkerProcess(env);
          servers.push(serve);
          restartedAt = Date.now();
        }, 2000);
      }
      outcomes.push(...(await Promise.all(batch)));
    }
    const enqueueFailures = outcomes.filter((o) => o.code !== 0);
    expect(enqueueFailures.map((o) => o.stderr)).toEqual([]);
    const ids = outcomes.map((o) => o.stdout.trim());
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(new Set(ids).size).toBe(enqueues);

    await waitFor(() => restartedAt !== 0, 10_000, 'serve to be started again', 100);
    // Asked through serve's local API, as `pc-worker list` asks, but from this process: a CLI process per
    // look (tsx, a second or more of CPU each) took the cores from the worker it waited for.
    await waitFor(
      async () => {
        // A serve that gave up (or crashed) processes nothing more: fail now, with its words, not in 20 minutes.
        if (serve.child.exitCode !== null || serve.child.signalCode !== null) {
          throw new Error(
            `serve exited (${String(serve.child.exitCode ?? serve.child.signalCode)}):\n${serve.output().slice(-3000)}`,
          );
        }
        const address = readLocalApiAddress(dataDir);
        if (address === null) return false;
        const meetings = await localApiClient(address)
          .listMeetings()
          .catch(() => null);
        if (meetings === null) return false;
        return meetings.length >= enqueues && meetings.every((m) => m.status === 'completed' || m.status === 'failed');
      },
      1_200_000,
      'every meeting to finish',
    );
    const doneSec = (Date.now() - started) / 1000;
    await stopWorkerProcess(serve, 'SIGTERM');

    const { rows, total } = await readRows();
    const bucket = path.join(dataDir, 'storage', 'meeting-audio', 'local');
    const files = readdirSync(bucket);
    const orphans = files.filter((name) => !ids.some((id) => name.startsWith(id)));
    const missingRows = ids.filter((id) => !rows.some((row) => row.id === id));
    const result = tally(
      `${enqueues} enqueue processes, serve SIGKILLed mid-way and restarted`,
      1,
      rows.filter((row) => ids.includes(row.id)),
      new Map(),
      `${missingRows.length} printed ids without a row; ${total - enqueues} rows nobody asked for; ` +
        `${orphans.length} orphaned audio files; serve down ${((restartedAt - killedAt) / 1000).toFixed(1)} s; ` +
        `all done ${doneSec.toFixed(0)} s after the first start; ` +
        `${rows.filter((row) => row.attempts > 1).length} meetings reclaimed after the kill`,
    );
    result.lost += missingRows.length;
    results.push(result);
    for (const worker of servers) await stopWorkerProcess(worker, 'SIGTERM');
    expect(missingRows).toEqual([]);
    expect(total).toBe(enqueues);
    expect(orphans).toEqual([]);
    expect(files.length).toBe(enqueues);
    expect(isClean(result)).toBe(true);
  });
});
