/**
 * A recording that crashes the desktop app's worker every time, through the desktop supervisor
 * (electron/main/supervisor.ts, the app's own backoff and crash-loop limit: 5 crashes in 60 s) and its
 * UtilityProcessLike port on a real OS process running the real worker entry (the Electron binary is
 * the one thing that cannot run here). The worker is killed (SIGKILL) each time it starts decoding the
 * poison meeting, as a native crash would end it.
 *
 * The poison meeting allows 6 attempts, so the supervisor's limit comes first: after the 5th crash it
 * stops restarting and shows the error; nothing is lost (the meeting stays reclaimable, the others wait
 * in the queue). The person restarts the worker; the 6th crash spends the last attempt, and the next
 * claim fails the meeting with its reason while the other meetings complete. A killed worker's lease
 * is expired by SQL at once instead of waiting out its 15 s: the reclaim after expiry is what is tested.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../electron/contract/events.js';
import { systemClock } from '../../electron/main/ports.js';
import { createSupervisor, type Supervisor } from '../../electron/main/supervisor.js';
import { spawnNodeUtilityProcess, type NodeUtilityProcess } from '../support/node-utility-process.js';
import { offlineSettings } from '../support/offline-settings.js';

import { allTerminal, faultLeaseSeconds, openFaultBed, uploadSampleCut, type FaultBed } from './support/fault-bed.js';
import { isClean, tally, writeResultsSection, type ScenarioTally } from './support/results-report.js';

const results: ScenarioTally[] = [];
const clip = 'meetings/crash-loop.flac';

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('a recording that crashes the desktop worker every time', { timeout: 300_000 }, () => {
  let bed: FaultBed | undefined;
  let supervisor: Supervisor | undefined;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-crash-loop-'));

  afterAll(async () => {
    writeResultsSection(
      'desktop-crash-loop',
      'A recording that crashes the desktop worker every time (supervisor crash-loop limit)',
      results,
      `The desktop supervisor with the app's defaults (backoff from 1 s, crash loop at 5 crashes in 60 s) over a real ` +
        `worker process per start; LEASE_SECONDS=${faultLeaseSeconds} (a killed worker's lease expired by SQL); ` +
        `poison meeting max_attempts 6; a 4 s cut of the sample.`,
    );
    await supervisor?.shutdown();
    await bed?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stops restarting at the crash-loop limit, loses nothing, and fails the meeting after a restart', async () => {
    bed = await openFaultBed();
    const stack = bed.stack;
    await uploadSampleCut(bed, clip, 4);
    const [poison = ''] = await bed.insertMeetings([
      { title: 'crashes the worker', audio_path: clip, max_attempts: 6 },
    ]);
    const good = await bed.insertMeetings([
      { title: 'good 1', audio_path: clip },
      { title: 'good 2', audio_path: clip },
    ]);
    const settings = offlineSettings(dir, {
      supabaseUrl: stack.url,
      supabaseKey: stack.serviceKey,
      workerId: 'desktop',
      workerName: 'Desktop app',
      leaseSeconds: faultLeaseSeconds,
      pollingIntervalSeconds: 1,
      enableGpu: false,
    });
    const events: WorkerEvent[] = [];
    let current: NodeUtilityProcess | null = null;
    let crashes = 0;
    let starts = 0;
    supervisor = createSupervisor({
      spawn: () => {
        starts++;
        current = spawnNodeUtilityProcess({});
        return current;
      },
      settings: () => settings,
      clock: systemClock,
      onEvent: (event) => {
        events.push(event);
        // The poison kills its worker the moment it starts decoding.
        if (event.type === 'meeting-progress' && event.meetingId === poison && event.stage === 'decode') {
          crashes++;
          current?.crash();
          void stack.sql.query(
            `update public.meetings set lease_expires_at = now() - interval '1 second' where id = $1`,
            [poison],
          );
        }
      },
    });
    const started = Date.now();
    supervisor.start();
    await until(() => supervisor?.status() === 'crash-loop', 180_000, 'the crash-loop limit');
    const errors = events.flatMap((event) =>
      event.type === 'worker-state' && event.state === 'error' ? [event.detail ?? ''] : [],
    );
    const loopDetail = errors.at(-1) ?? '';
    const startsAtLoop = starts;
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    // Stopped for good: no restart behind the person's back, and nothing lost meanwhile.
    expect(starts).toBe(startsAtLoop);
    const waiting = await bed.meetings([poison, ...good]);
    expect(waiting.find((row) => row.id === poison)).toMatchObject({ status: 'processing', attempts: 5 });

    await supervisor.restart();
    const rows = await bed.waitForMeetings([poison, ...good], allTerminal, 180_000);
    const seconds = ((Date.now() - started) / 1000).toFixed(0);
    const result = tally(
      'poison recording through the desktop supervisor: crash loop, then a restart',
      1,
      rows,
      new Map([[poison, /Processing stopped 6 times without finishing/]]),
      `${crashes} crashes; crash loop after ${startsAtLoop} starts ("${loopDetail.slice(0, 70)}…"), no restart in 3 s, ` +
        `meetings then ${waiting.map((row) => row.status).join('/')}; after the restart: poison failed at attempt ` +
        `${rows[0]?.attempts ?? '?'}, the others completed; ${seconds} s in all`,
    );
    results.push(result);
    expect(loopDetail).toMatch(/crashed 5 times in 60 s and was not restarted/);
    expect(crashes).toBe(6);
    expect(isClean(result)).toBe(true);
  });
});
