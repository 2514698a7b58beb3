import { readdirSync } from 'node:fs';

import { afterAll, describe, expect, it } from 'vitest';

import { stopWorkerProcess } from '../support/worker-process.js';

import {
  allTerminal,
  faultLeaseSeconds,
  openFaultBed,
  uploadSampleCut,
  waitForOutput,
  type FaultBed,
} from './support/fault-bed.js';
import { isClean, tally, writeResultsSection, type ScenarioTally } from './support/results-report.js';
import { scanForSecrets } from './support/secret-scan.js';

/**
 * Two worker processes with one WORKER_ID and one temp folder (issue 15, item 7): the desktop app and
 * the CLI on one machine both default to `pc-<hostname>`. Before lease tokens, the process whose lease
 * had expired was still accepted (heartbeat, complete, fail, release were checked by worker id only)
 * and both worked in `<tmp>/<meeting id>`, where the first to finish deleted the other's files.
 */
const settleMs = (faultLeaseSeconds + 90) * 1000;
const results: ScenarioTally[] = [];
let bed: FaultBed | undefined;

const stageLine = (stage: string, meetingId: string) => new RegExp(`${stage} started \\| meeting=${meetingId}`);

afterAll(async () => {
  writeResultsSection(
    'shared-worker-id',
    'Two worker processes with one WORKER_ID',
    results,
    `Real \`pc-worker serve\` processes on the real stack, both WORKER_ID=pc-shared with one AUDIO_TEMP_DIR, ` +
      `LEASE_SECONDS=${faultLeaseSeconds}, a 4 s cut of the sample.`,
  );
  if (bed !== undefined) {
    expect(scanForSecrets(bed)).toEqual([]);
    await bed.close();
  }
});

describe('two processes with one worker id', { timeout: 300_000 }, () => {
  it('lets only the current lease save: the process whose lease expired writes and deletes nothing', async () => {
    bed = await openFaultBed();
    await uploadSampleCut(bed, 'meetings/short.flac', 4);
    const [id = ''] = await bed.insertMeetings([
      { title: 'one worker id, two processes', audio_path: 'meetings/short.flac' },
    ]);
    const desktop = bed.startWorker('pc-shared');
    await waitForOutput(desktop, stageLine('transcribe', id), 90_000);
    // The desktop app stalls (a laptop lid closed) until its lease is over; the CLI then claims the meeting.
    desktop.child.kill('SIGSTOP');
    await bed.stack.sql.query(
      `update public.meetings set lease_expires_at = now() - interval '1 second' where id = $1`,
      [id],
    );
    const cli = bed.startWorker('pc-shared');
    await waitForOutput(cli, stageLine('decode', id), 90_000);
    const folders = readdirSync(bed.tempDirOf('pc-shared')).filter((name) => name.startsWith(id));
    // Both leases' folders are on disk at once: the CLI did not write into the stalled app's folder.
    expect(folders).toHaveLength(2);
    desktop.child.kill('SIGCONT');
    await waitForOutput(desktop, /processing ended \| outcome=lease-lost/, 90_000);
    const [row] = await bed.waitForMeetings([id], allTerminal, settleMs);
    await waitForOutput(cli, /processing ended \| outcome=completed/, 30_000);
    await Promise.all([stopWorkerProcess(desktop), stopWorkerProcess(cli)]);
    const leftover = readdirSync(bed.tempDirOf('pc-shared'));
    const result = tally(
      'two processes with one WORKER_ID; the first stalls past its lease while the second holds it',
      1,
      row === undefined ? [] : [row],
      new Map(),
      `stale lease refused (${/lease lost[^\n]*/.exec(desktop.output())?.[0] ?? '?'}); ` +
        `2 work folders while both ran, ${leftover.length} after`,
    );
    results.push(result);
    expect(row).toMatchObject({ status: 'completed', attempts: 2, completions: 1, processed_by: 'pc-shared' });
    expect(leftover).toEqual([]);
    expect(isClean(result)).toBe(true);
  });
});
