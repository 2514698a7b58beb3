import type { ChildProcess } from 'node:child_process';

import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { stopWorkerProcess } from '../support/worker-process.js';

import { postgrestPid, restartPostgres } from './support/backend-outage.js';
import {
  allTerminal,
  faultLeaseSeconds,
  openFaultBed,
  uploadSampleCut,
  waitForOutput,
  type FaultBed,
} from './support/fault-bed.js';
import { startPartitionProxy, type PartitionProxy } from './support/partition-proxy.js';
import { isClean, tally, writeResultsSection, type ScenarioTally } from './support/results-report.js';
import { scanForSecretsDeep } from './support/secret-scan.js';

/**
 * One long-running worker process while the backend misbehaves: gateway 503 bursts, replies lost after
 * the database committed, PostgreSQL restarted mid-meeting and in the middle of complete_meeting,
 * PostgREST frozen, the network partitioned during claim and during complete; then several workers on
 * many meetings. Meetings use a 4 s cut of the sample. Sizes: FAULT_RUNS meetings per outage (default
 * 1), FAULT_WORKERS × FAULT_MEETINGS for the crowd (3 × 6).
 */
const runs = Number(process.env['FAULT_RUNS'] ?? 1);
const crowdWorkers = Number(process.env['FAULT_WORKERS'] ?? 3);
const crowdMeetings = Number(process.env['FAULT_MEETINGS'] ?? 6);
const settleMs = 240_000;
/** The partitioned workers' REQUEST_TIMEOUT_SECONDS; above the slowest call seen on a loaded machine. */
const partitionRequestTimeoutSeconds = 8;
const clip = 'meetings/outage.flac';
const rpc = (fn: string) => `/rest/v1/rpc/${fn}`;

describe('the worker through backend outages', { timeout: 300_000 }, () => {
  let bed: FaultBed;
  const restartedPostgres: ChildProcess[] = [];
  const proxies: PartitionProxy[] = [];
  const results: ScenarioTally[] = [];

  const outage = async (scenario: string, atStage: string, inflict: (meetingId: string) => Promise<string>) => {
    const ids = await bed.insertMeetings(
      Array.from({ length: runs }, (_, index) => ({ title: `${scenario} #${index}`, audio_path: clip })),
    );
    const worker = bed.workers[0]!;
    const ended = () => (worker.output().match(/processing ended \| outcome=/g) ?? []).length;
    const endedBefore = ended();
    const notes: string[] = [];
    for (const id of ids) {
      await waitForOutput(worker, new RegExp(`${atStage} started \\| meeting=${id}`), 120_000);
      notes.push(await inflict(id));
    }
    const rows = await bed.waitForMeetings(ids, allTerminal, settleMs);
    // The row can be completed while the worker still retries a call whose reply it lost: the
    // scenario ends when the worker has finished with its meetings.
    const deadline = Date.now() + settleMs;
    while (ended() < endedBefore + ids.length && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const result = tally(scenario, runs, rows, new Map(), notes.join('; '));
    results.push(result);
    return { result, rows };
  };
  /** Gateway log entries of `fn` since `from` that carry the given fault. */
  const faulted = (from: number, fn: string, fault: string) =>
    bed.stack.requests.slice(from).filter((request) => request.path === rpc(fn) && request.fault === fault).length;

  beforeAll(async () => {
    bed = await openFaultBed();
    await uploadSampleCut(bed, clip, 4);
    bed.startWorker('steady');
  });
  afterAll(async () => {
    writeResultsSection(
      'backend',
      'Backend outages and many workers',
      results,
      `Real worker processes, LEASE_SECONDS=${faultLeaseSeconds}, request timeout 30 s (${partitionRequestTimeoutSeconds} s ` +
        `for the partitioned workers), a 4 s cut of the sample.`,
    );
    for (const worker of bed.workers) await stopWorkerProcess(worker, 'SIGKILL');
    for (const proxy of proxies) await proxy.close();
    // Only the last one still runs; stop it before the stack removes its data folder.
    for (const postmaster of restartedPostgres) postmaster.kill('SIGQUIT');
    await bed.close();
  });

  it('completes meetings once while the gateway answers 503 to queue calls before they reach the database', async () => {
    const from = bed.stack.requests.length;
    const { result } = await outage(
      'gateway 503 ×4 on queue calls (answered before the database)',
      'transcribe',
      () => {
        bed.stack.faults.gateway.failNext(4, { status: 503, path: '/rest/v1/rpc/' });
        return Promise.resolve('injected');
      },
    );
    const refused = bed.stack.requests.slice(from).filter((request) => request.fault === 'failed').length;
    result.notes = `${refused} calls answered 503 by the gateway`;
    expect(refused).toBe(4 * runs);
    expect(isClean(result)).toBe(true);
  });

  it('completes meetings once when complete_meeting commits but its reply is replaced by 500, three times', async () => {
    const from = bed.stack.requests.length;
    const worker = bed.workers[0]!;
    const found = () => (worker.output().match(/reply to an earlier try was lost, not the lease/g) ?? []).length;
    const foundBefore = found();
    const { result } = await outage('complete_meeting committed, reply replaced by 500 (×3)', 'transcribe', () => {
      bed.stack.faults.gateway.loseReplyNext(3, { status: 500, path: rpc('complete_meeting') });
      return Promise.resolve('injected');
    });
    const lost = faulted(from, 'complete_meeting', 'reply-lost');
    result.notes =
      `${lost} replies lost after the database answered; the worker then found its lease's save ` +
      `(meeting_completed_by_lease) ${found() - foundBefore} time(s)`;
    expect(lost).toBe(3 * runs);
    expect(found() - foundBefore).toBe(runs);
    expect(isClean(result)).toBe(true);
  });

  it('completes meetings once when the connection is cut after complete_meeting committed', async () => {
    const from = bed.stack.requests.length;
    const { result } = await outage('complete_meeting committed, connection cut before the reply', 'transcribe', () => {
      bed.stack.faults.gateway.loseReplyNext(1, { path: rpc('complete_meeting') });
      return Promise.resolve('injected');
    });
    const lost = faulted(from, 'complete_meeting', 'reply-lost');
    result.notes = `${lost} connection(s) cut after the database answered`;
    expect(lost).toBe(runs);
    expect(isClean(result)).toBe(true);
  });

  it('completes meetings once when PostgreSQL restarts while they are processing', async () => {
    const { result, rows } = await outage(
      'PostgreSQL restarted mid-transcription (down 3 s)',
      'transcribe',
      async () => {
        const started = Date.now();
        restartedPostgres.push(await restartPostgres(bed.stack.sql, 3_000));
        return `back after ${((Date.now() - started) / 1000).toFixed(1)} s`;
      },
    );
    expect(isClean(result)).toBe(true);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
  });

  it('completes meetings once when PostgreSQL restarts inside complete_meeting (its transaction rolled back)', async () => {
    const { result, rows } = await outage('PostgreSQL restarted inside complete_meeting', 'transcribe', async (id) => {
      // The save is held at the gateway until the test holds the meeting's row; then complete_meeting
      // waits on that lock inside the database, and PostgreSQL is shut down under it.
      bed.stack.faults.gateway.delayNext(1, 2_500, { path: rpc('complete_meeting') });
      await waitForOutput(bed.workers[0]!, new RegExp(`save started \\| meeting=${id}`), 120_000);
      const holder = new pg.Client({ connectionString: bed.stack.dbUrl });
      holder.on('error', () => undefined);
      await holder.connect();
      await holder.query('begin');
      await holder.query('select 1 from public.meetings where id = $1 for update', [id]);
      const deadline = Date.now() + 20_000;
      let waiting = 0;
      while (waiting === 0 && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        // Asked on another connection: inside the holder's transaction pg_stat_activity is a snapshot.
        const { rows: blocked } = await bed.stack.sql.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query like '%complete_meeting%'`,
        );
        waiting = blocked[0]?.n ?? 0;
      }
      const started = Date.now();
      restartedPostgres.push(await restartPostgres(bed.stack.sql, 3_000));
      await holder.end().catch(() => undefined);
      return `complete_meeting calls waiting inside the database at the restart: ${waiting}; back after ${((Date.now() - started) / 1000).toFixed(1)} s`;
    });
    expect(result.notes).toMatch(/at the restart: [1-9]/);
    expect(isClean(result)).toBe(true);
    expect(rows.every((row) => row.attempts === 1)).toBe(true);
  });

  it('completes meetings once when PostgREST is frozen for 12 s', async () => {
    const { result } = await outage('PostgREST frozen (SIGSTOP) 12 s mid-transcription', 'transcribe', async () => {
      const pid = postgrestPid();
      process.kill(pid, 'SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      process.kill(pid, 'SIGCONT');
      return 'resumed after 12 s';
    });
    expect(isClean(result)).toBe(true);
  });

  it('processes every meeting exactly once with several worker processes, and reports round trips', async () => {
    for (let index = 1; index < crowdWorkers; index++) bed.startWorker(`crowd-${index}`);
    const firstRequest = bed.stack.requests.length;
    const started = Date.now();
    const ids = await bed.insertMeetings(
      Array.from({ length: crowdMeetings }, (_, index) => ({ title: `crowd #${index}`, audio_path: clip })),
    );
    const rows = await bed.waitForMeetings(ids, allTerminal, settleMs);
    const seconds = (Date.now() - started) / 1000;
    const window = bed.stack.requests.slice(firstRequest);
    const rest = window.filter((request) => request.path.startsWith('/rest/v1/'));
    const perMeeting = (rest.length / crowdMeetings).toFixed(1);
    const claims = rest.filter((request) => request.path.endsWith('/claim_next_meeting')).length;
    const notes = `${crowdWorkers} workers: ${(crowdMeetings / (seconds / 60)).toFixed(1)} meetings/min (${seconds.toFixed(0)} s); ${perMeeting} REST round trips per meeting (${claims} claims, incl. idle polls), ${((window.length - rest.length) / crowdMeetings).toFixed(1)} storage requests per meeting; by worker: ${[...new Set(rows.map((row) => row.processed_by))].join(', ')}`;
    const result = tally('many worker processes on many meetings', 1, rows, new Map(), notes);
    results.push(result);
    expect(isClean(result)).toBe(true);
  });

  it('completes meetings once when the network drops every packet during claim and during complete', async () => {
    await Promise.all(bed.workers.map((worker) => stopWorkerProcess(worker, 'SIGTERM')));
    const ids = await bed.insertMeetings([
      { title: 'partition during claim', audio_path: clip },
      { title: 'partition during complete', audio_path: clip },
    ]);
    const [claimCut, completeCut] = await Promise.all([
      startPartitionProxy(bed.stack.url),
      startPartitionProxy(bed.stack.url),
    ]);
    proxies.push(claimCut, completeCut);
    // The claim reaches the database and commits; its answer, and everything after it for 3 s, is dropped.
    claimCut.partitionOn('POST /rest/v1/rpc/claim_next_meeting', 'reply', 3_000);
    // The save never reaches the database: it is dropped on the way, with everything for 3 s.
    completeCut.partitionOn('POST /rest/v1/rpc/complete_meeting', 'request', 3_000);
    const started = Date.now();
    // A dropped packet is noticed only when the call times out: a short timeout, not the default 30 s,
    // so that the test does not wait out the default (what is tested is what happens after it).
    const timeout = { REQUEST_TIMEOUT_SECONDS: String(partitionRequestTimeoutSeconds) };
    const cutOnClaim = bed.startWorker('cut-on-claim', { SUPABASE_URL: claimCut.url, ...timeout });
    const cutOnComplete = bed.startWorker('cut-on-complete', { SUPABASE_URL: completeCut.url, ...timeout });
    const rows = await bed.waitForMeetings(ids, allTerminal, settleMs);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const timedOut = (output: string) => (output.match(/could not be reached/g) ?? []).length;
    const result = tally(
      'network partition (packets dropped, 3 s) during claim and during complete',
      1,
      rows,
      new Map(),
      `claim's answer dropped: ${claimCut.stats.droppedBytes} B dropped, ${timedOut(cutOnClaim.output())} timed-out call(s) logged; ` +
        `complete dropped: ${completeCut.stats.droppedBytes} B dropped, ${timedOut(cutOnComplete.output())} logged; ` +
        `attempts ${rows.map((row) => row.attempts).join(' and ')}; all done ${seconds} s after the workers started`,
    );
    results.push(result);
    expect([claimCut.stats.partitions, completeCut.stats.partitions]).toEqual([1, 1]);
    expect(isClean(result)).toBe(true);
  });

  it('leaves no key in logs, worker folders or the text stored in the database', async () => {
    expect(await scanForSecretsDeep(bed)).toEqual([]);
  });
});
