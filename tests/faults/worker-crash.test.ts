import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { sampleRecording } from '../support/shared-data.js';
import { stopWorkerProcess } from '../support/worker-process.js';

import { allTerminal, faultLeaseSeconds, openFaultBed, waitForOutput, type FaultBed } from './support/fault-bed.js';
import { isClean, tally, writeResultsSection, type ScenarioTally } from './support/results-report.js';
import { scanForSecrets } from './support/secret-scan.js';

/**
 * Worker processes killed, paused and robbed of their lease, each scenario on its own stack so they
 * can be read alone. Rounds: FAULT_ROUNDS (default 1) batches of one SIGKILL per stage.
 */
const rounds = Number(process.env['FAULT_ROUNDS'] ?? 1);
const stages = ['download', 'decode', 'transcribe', 'diarize', 'summarize', 'save'] as const;
const settleMs = (faultLeaseSeconds + 90) * 1000;
const results: ScenarioTally[] = [];
const beds: FaultBed[] = [];

async function bedFor(): Promise<FaultBed> {
  const bed = await openFaultBed();
  beds.push(bed);
  return bed;
}

/**
 * A SIGKILLed or stopped worker's lease runs out: expired by SQL at once rather than waited out (15 s
 * each); what is tested is the reclaim after expiry, which reads only lease_expires_at.
 */
async function expireLease(bed: FaultBed, meetingId: string): Promise<void> {
  await bed.stack.sql.query(`update public.meetings set lease_expires_at = now() - interval '1 second' where id = $1`, [
    meetingId,
  ]);
}

const stageLine = (stage: string, meetingId = '[0-9a-f-]+') =>
  new RegExp(`${stage} started \\| meeting=(${meetingId})`);

afterAll(async () => {
  writeResultsSection(
    'worker-crash',
    'Worker processes killed, paused and robbed of their lease',
    results,
    `Real \`pc-worker serve\` processes on the real stack, LEASE_SECONDS=${faultLeaseSeconds} (in the poison, stolen-lease ` +
      `and SIGSTOP scenarios a killed or stopped worker's lease is expired by SQL at once instead of waited out), sample clip ${sampleRecording.file.split('/').pop() ?? ''}. ` +
      `FAULT_ROUNDS=${rounds} round(s) of one SIGKILL per stage.`,
  );
  for (const bed of beds) {
    expect(scanForSecrets(bed)).toEqual([]);
    await bed.close();
  }
});

// One scenario at a time: on a shared 2-core machine, parallel stacks starve each other's heartbeats.
describe('worker crashes', { timeout: 420_000 }, () => {
  it('reclaims a meeting after SIGKILL in every stage and completes it exactly once', async () => {
    const bed = await bedFor();
    // Slow enough that a kill "in download" lands inside the transfer, for every victim.
    bed.stack.faults.storage.throttleBytesPerSec = 150_000;
    const ids: string[] = [];
    const started = Date.now();
    for (let round = 0; round < rounds; round++) {
      const batch = await bed.insertMeetings(stages.map((stage) => ({ title: `SIGKILL in ${stage} #${round}` })));
      ids.push(...batch);
      await Promise.all(
        stages.map(async (stage) => {
          const workerId = `kill-${stage}-${round}`;
          const victim = bed.startWorker(workerId);
          await waitForOutput(victim, stageLine(stage), 280_000);
          if (stage === 'download') await new Promise((resolve) => setTimeout(resolve, 700));
          await stopWorkerProcess(victim, 'SIGKILL');
          bed.startWorker(workerId);
        }),
      );
    }
    const rows = await bed.waitForMeetings(ids, allTerminal, settleMs);
    const result = tally(
      `SIGKILL in ${stages.join(', ')}`,
      rounds,
      rows,
      new Map(),
      `all done ${((Date.now() - started) / 1000).toFixed(0)} s after the first start`,
    );
    results.push(result);
    expect(rows.filter((row) => row.status === 'completed' && row.attempts === 2).length).toBeGreaterThanOrEqual(
      stages.length * rounds - 1,
    );
    expect(isClean(result)).toBe(true);
  });

  it('resumes a download cut by SIGKILL from the checkpoint the killed worker left on disk', async () => {
    const bed = await bedFor();
    bed.stack.faults.storage.throttleBytesPerSec = 60_000;
    const [id = ''] = await bed.insertMeetings([{ title: 'checkpoint' }]);
    const victim = bed.startWorker('resumer');
    await waitForOutput(victim, stageLine('download', id), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    await stopWorkerProcess(victim, 'SIGKILL');
    // One folder per lease (<meeting id>.<lease token>); the restarted worker's new lease takes it over.
    const leftName = readdirSync(bed.tempDirOf('resumer')).find((name) => name.startsWith(`${id}.`));
    const left = leftName === undefined ? [] : readdirSync(path.join(bed.tempDirOf('resumer'), leftName));
    expect(left.some((name) => name.endsWith('.checkpoint.json'))).toBe(true);
    bed.stack.faults.storage.throttleBytesPerSec = null;
    const restarted = bed.startWorker('resumer');
    const [row] = await bed.waitForMeetings([id], allTerminal, settleMs);
    const resumedAt = /resuming the audio download from its checkpoint \| bytes=(\d+)/.exec(restarted.output());
    expect(Number(resumedAt?.[1] ?? 0)).toBeGreaterThan(50_000);
    const result = tally(
      'SIGKILL mid-download, restart of the same worker',
      1,
      row === undefined ? [] : [row],
      new Map(),
      `resumed at byte ${resumedAt?.[1] ?? '?'} of ${String(readFileSync(sampleRecording.file).length)}`,
    );
    results.push(result);
    expect(isClean(result)).toBe(true);
    expect(readdirSync(bed.tempDirOf('resumer'))).toEqual([]);
  });

  it('fails a meeting that kills its worker every time after the attempts cap, and keeps serving the queue', async () => {
    const bed = await bedFor();
    const [poison = ''] = await bed.insertMeetings([{ title: 'poison' }]);
    const good = await bed.insertMeetings([{ title: 'good 1' }, { title: 'good 2' }]);
    let kills = 0;
    const deadline = Date.now() + 150_000;
    let worker = bed.startWorker('poison-host');
    for (;;) {
      const rows = await bed.meetings([poison, ...good]);
      if (allTerminal(rows) || Date.now() > deadline) break;
      if (stageLine('decode', poison).test(worker.output())) {
        await stopWorkerProcess(worker, 'SIGKILL');
        await expireLease(bed, poison);
        kills++;
        worker = bed.startWorker('poison-host');
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const rows = await bed.meetings([poison, ...good]);
    const result = tally(
      'poison input (worker dies in decode every time)',
      1,
      rows,
      new Map([[poison, /Processing stopped 3 times without finishing/]]),
      `${kills} crashes, then failed; the 2 other meetings completed`,
    );
    results.push(result);
    expect(kills).toBe(3);
    expect(isClean(result)).toBe(true);
  });

  it('stops without saving when another worker takes the lease over while it is still alive', async () => {
    const bed = await bedFor();
    const [id = ''] = await bed.insertMeetings([{ title: 'stolen lease' }]);
    const first = bed.startWorker('robbed');
    await waitForOutput(first, stageLine('transcribe', id), 60_000);
    await bed.stack.sql.query(
      `update public.meetings set claimed_by = 'thief', lease_expires_at = now() + interval '1 hour' where id = $1`,
      [id],
    );
    // Either the next heartbeat notices, or the save does (complete_meeting checks the holder): both write nothing.
    await waitForOutput(first, /processing ended \| outcome=lease-lost/, faultLeaseSeconds * 1000 + 30_000);
    const [held] = await bed.meetings([id]);
    expect(held).toMatchObject({ status: 'processing', claimed_by: 'thief', segments: 0, completions: 0 });
    // The thief "dies": its lease runs out, and the first worker reclaims and finishes the meeting.
    await expireLease(bed, id);
    const rows = await bed.waitForMeetings([id], allTerminal, settleMs);
    const result = tally(
      'lease stolen by SQL while the worker is alive',
      1,
      rows,
      new Map(),
      `the robbed worker ended "${/processing ended \| outcome=\S+/.exec(first.output())?.[0] ?? '?'}" with ` +
        `${String(held?.segments ?? '?')} segments and ${String(held?.completions ?? '?')} completions written; completed by ` +
        `${rows[0]?.processed_by ?? '?'} after the thief's lease expired`,
    );
    results.push(result);
    expect(isClean(result)).toBe(true);
  });

  it('survives SIGSTOP past the lease: a rival finishes the meeting, the sleeper writes nothing and serves on', async () => {
    const bed = await bedFor();
    const [id = ''] = await bed.insertMeetings([{ title: 'sleep/wake' }]);
    const sleeper = bed.startWorker('sleeper');
    await waitForOutput(sleeper, stageLine('transcribe', id), 60_000);
    sleeper.child.kill('SIGSTOP');
    await expireLease(bed, id);
    const rival = bed.startWorker('rival');
    const [afterRival] = await bed.waitForMeetings([id], allTerminal, settleMs);
    sleeper.child.kill('SIGCONT');
    await waitForOutput(sleeper, /processing ended \| outcome=lease-lost/, 30_000);
    await stopWorkerProcess(rival);
    const [later = ''] = await bed.insertMeetings([{ title: 'after wake' }]);
    const rows = await bed.waitForMeetings([id, later], allTerminal, settleMs);
    const result = tally(
      'SIGSTOP past the lease, SIGCONT after a rival finished',
      1,
      rows,
      new Map(),
      `rival: ${afterRival?.processed_by ?? '?'}; the woken worker then served the next meeting (${rows[1]?.processed_by ?? '?'})`,
    );
    results.push(result);
    expect(rows[0]?.processed_by).toBe('rival');
    expect(rows[1]?.processed_by).toBe('sleeper');
    expect(isClean(result)).toBe(true);
  });
});
