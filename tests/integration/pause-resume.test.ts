import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../electron/contract/events.js';
import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createWorkerRuntime, type WorkerRuntime } from '../../electron/core/worker-runtime.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sampleRecording } from '../support/shared-data.js';

async function until(check: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pausing and resuming the worker', () => {
  let dir = '';
  let runtime: WorkerRuntime;
  const events: WorkerEvent[] = [];

  const status = async (id: string) => {
    const db = runtime.embedded?.db;
    if (db === undefined) throw new Error('no embedded queue');
    const result = await db.query<{ status: string; attempts: number; claimed_by: string | null }>(
      'select status, attempts, claimed_by from public.meetings where id = $1',
      [id],
    );
    return result.rows[0];
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-pause-'));
    const settings = offlineSettings(dir, {
      pollingIntervalSeconds: 1,
      workerId: 'pausing-worker',
    });
    runtime = await createWorkerRuntime(settings, {
      log: createLogger({ level: 'warn', console: false, secrets: [] }),
      emit: (event) => events.push(event),
    });
  });

  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands a running meeting back on pause, claims nothing while paused, and finishes everything after resume', async () => {
    const embedded = runtime.embedded;
    if (embedded === null) throw new Error('no embedded queue');
    const first = await enqueueLocalRecording(embedded.db, embedded.bucketDir, sampleRecording.file);
    const running = runtime.service.run();
    await until(() =>
      events.some(
        (event) => event.type === 'meeting-progress' && event.meetingId === first && event.stage === 'transcribe',
      ),
    );

    await runtime.service.pause();
    expect(runtime.service.state()).toBe('paused');
    expect(await status(first)).toEqual({ status: 'pending', attempts: 0, claimed_by: null });
    expect(events).toContainEqual(
      expect.objectContaining({ type: 'meeting-finished', meetingId: first, outcome: 'released' }),
    );

    const second = await enqueueLocalRecording(embedded.db, embedded.bucketDir, sampleRecording.file);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await status(first))?.status).toBe('pending');
    expect((await status(second))?.status).toBe('pending');

    runtime.service.resume();
    await until(
      async () => (await status(first))?.status === 'completed' && (await status(second))?.status === 'completed',
    );
    expect((await status(first))?.attempts).toBe(1);
    await runtime.service.stop();
    await running;
    expect(runtime.service.state()).toBe('stopped');
  });
});
