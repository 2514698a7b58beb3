import type { ChildProcess } from 'node:child_process';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { stopWorkerProcess } from '../support/worker-process.js';

import { postgrestPid, restartPostgres } from './support/backend-outage.js';
import { allTerminal, faultLeaseSeconds, openFaultBed, waitForOutput, type FaultBed } from './support/fault-bed.js';
import { isClean, tally, writeResultsSection, type ScenarioTally } from './support/results-report.js';
import { scanForSecretsDeep } from './support/secret-scan.js';

/**
 * One long-running worker process while the backend misbehaves: gateway 500/503 bursts, PostgreSQL
 * restarted mid-meeting, PostgREST frozen; then several workers on many meetings. Sizes:
 * FAULT_RUNS meetings per outage (default 2), FAULT_WORKERS × FAULT_MEETINGS for the crowd (3 × 9).
 */
const runs = Number(process.env['FAULT_RUNS'] ?? 2);
const crowdWorkers = Number(process.env['FAULT_WORKERS'] ?? 3);
const crowdMeetings = Number(process.env['FAULT_MEETINGS'] ?? 9);
const settleMs = 240_000;

describe('the worker through backend outages', { timeout: 300_000 }, () => {
  let bed: FaultBed;
  const restartedPostgres: ChildProcess[] = [];
  const results: ScenarioTally[] = [];

  const outage = async (scenario: string, inflict: (meetingId: string) => Promise<string>) => {
    const ids = await bed.insertMeetings(
      Array.from({ length: runs }, (_, index) => ({ title: `${scenario} #${index}` })),
    );
    const worker = bed.workers[0]!;
    const notes: string[] = [];
    for (const id of ids) {
      await waitForOutput(worker, new RegExp(`transcribe started \\| meeting=${id}`), 120_000);
      notes.push(await inflict(id));
    }
    const rows = await bed.waitForMeetings(ids, allTerminal, settleMs);
    const result = tally(scenario, runs, rows, new Map(), notes.join('; '));
    results.push(result);
    return { result, rows };
  };

  beforeAll(async () => {
    bed = await openFaultBed();
    bed.startWorker('steady');
  });
  afterAll(async () => {
    writeResultsSection(
      'backend',
      'Backend outages and many workers',
      results,
      `Real worker processes, LEASE_SECONDS=${faultLeaseSeconds}.`,
    );
    for (const worker of bed.workers) await stopWorkerProcess(worker, 'SIGKILL');
    // Only the last one still runs; stop it before the stack removes its data folder.
    for (const postmaster of restartedPostgres) postmaster.kill('SIGQUIT');
    await bed.close();
  });

  it('completes meetings once while the gateway answers 500/503 to queue calls and the save', async () => {
    const { result } = await outage('gateway 503 ×4 on every RPC, then 500 ×3 on the save', () => {
      bed.stack.faults.gateway.failNext(4, { status: 503, path: '/rest/v1/rpc/' });
      bed.stack.faults.gateway.failNext(3, { status: 500, path: '/rest/v1/rpc/complete_meeting' });
      return Promise.resolve('burst injected');
    });
    expect(isClean(result)).toBe(true);
  });

  it('completes meetings once when PostgreSQL restarts while they are processing', async () => {
    const { result, rows } = await outage('PostgreSQL restarted mid-transcription (down 3 s)', async () => {
      const started = Date.now();
      restartedPostgres.push(await restartPostgres(bed.stack.sql, 3_000));
      return `back after ${((Date.now() - started) / 1000).toFixed(1)} s`;
    });
    expect(isClean(result)).toBe(true);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
  });

  it('completes meetings once when PostgREST is frozen for 12 s', async () => {
    const { result } = await outage('PostgREST frozen (SIGSTOP) 12 s mid-transcription', async () => {
      const pid = postgrestPid();
      process.kill(pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      process.kill(pid, 'SIGCONT');
      return 'resumed';
    });
    expect(isClean(result)).toBe(true);
  });

  it('processes every meeting exactly once with several worker processes, and reports round trips', async () => {
    for (let index = 1; index < crowdWorkers; index++) bed.startWorker(`crowd-${index}`);
    const firstRequest = bed.stack.requests.length;
    const started = Date.now();
    const ids = await bed.insertMeetings(
      Array.from({ length: crowdMeetings }, (_, index) => ({ title: `crowd #${index}` })),
    );
    const rows = await bed.waitForMeetings(ids, allTerminal, settleMs);
    const seconds = (Date.now() - started) / 1000;
    const window = bed.stack.requests.slice(firstRequest);
    const rpc = window.filter((request) => request.path.startsWith('/rest/v1/'));
    const perMeeting = (rpc.length / crowdMeetings).toFixed(1);
    const claims = rpc.filter((request) => request.path.endsWith('/claim_next_meeting')).length;
    const notes = `${crowdWorkers} workers: ${(crowdMeetings / (seconds / 60)).toFixed(1)} meetings/min (${seconds.toFixed(0)} s); ${perMeeting} REST round trips per meeting (${claims} claims, incl. idle polls), ${((window.length - rpc.length) / crowdMeetings).toFixed(1)} storage requests per meeting; by worker: ${[...new Set(rows.map((row) => row.processed_by))].join(', ')}`;
    const result = tally('many worker processes on many meetings', 1, rows, new Map(), notes);
    results.push(result);
    expect(isClean(result)).toBe(true);
  });

  it('leaves no key in logs, worker folders or the text stored in the database', async () => {
    expect(await scanForSecretsDeep(bed)).toEqual([]);
  });
});
