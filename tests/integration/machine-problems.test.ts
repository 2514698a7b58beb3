/**
 * Problems of the machine are not the meeting's fault (issue 15, item 5): with ffmpeg gone, an
 * outside audit saw 3 meetings marked failed in 0.6 s. Now the worker hands the meeting back without
 * spending an attempt and pauses with the reason; at start it checks ffmpeg before claiming anything.
 * Real embedded queue (the same SQL as Supabase), real worker service; ffmpeg removed for real (a
 * link to it is deleted), not faked.
 */
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../electron/contract/events.js';
import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createWorkerRuntime, type WorkerRuntime } from '../../electron/core/worker-runtime.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sampleRecording } from '../support/shared-data.js';

async function until(check: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('a worker whose machine cannot process meetings', () => {
  let dir = '';
  let ffmpegLink = '';
  let runtime: WorkerRuntime;
  const events: WorkerEvent[] = [];
  const pausedFor = () =>
    events.flatMap((event) => (event.type === 'worker-state' && event.state === 'paused' ? [event.detail ?? ''] : []));

  const start = async () => {
    process.env['FFMPEG_PATH'] = ffmpegLink;
    runtime = await createWorkerRuntime(offlineSettings(dir, { pollingIntervalSeconds: 1, workerId: 'machine-w' }), {
      log: createLogger({ level: 'error', console: false, secrets: [] }),
      emit: (event) => events.push(event),
    });
  };
  const meetings = async () => {
    const db = runtime.embedded?.db;
    if (db === undefined) throw new Error('no embedded queue');
    const result = await db.query<{ status: string; attempts: number }>(
      'select status, attempts from public.meetings order by created_at',
    );
    return result.rows;
  };
  const enqueue = async (count: number) => {
    const embedded = runtime.embedded;
    if (embedded === null) throw new Error('no embedded queue');
    for (let i = 0; i < count; i++) await enqueueLocalRecording(embedded.db, embedded.bucketDir, sampleRecording.file);
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-machine-'));
    ffmpegLink = path.join(dir, 'ffmpeg');
    symlinkSync('/usr/bin/ffmpeg', ffmpegLink);
    events.length = 0;
  });
  afterEach(async () => {
    await runtime.service.stop();
    await runtime.close();
    delete process.env['FFMPEG_PATH'];
    rmSync(dir, { recursive: true, force: true });
  });

  it('hands the meeting back with its attempt and pauses with the reason when ffmpeg disappears', async () => {
    await start();
    const running = runtime.service.run();
    await until(() => events.some((event) => event.type === 'worker-state' && event.state === 'idle'));
    unlinkSync(ffmpegLink);
    await enqueue(3);
    await until(() => pausedFor().length > 0);
    await until(() => events.some((event) => event.type === 'meeting-finished'));
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(pausedFor()[0]).toMatch(/ffmpeg could not be started/);
    expect(await meetings()).toEqual([
      { status: 'pending', attempts: 0 },
      { status: 'pending', attempts: 0 },
      { status: 'pending', attempts: 0 },
    ]);
    expect(runtime.service.state()).toBe('paused');
    await runtime.service.stop();
    await running;
  });

  it('checks ffmpeg at start and claims nothing while it is missing', async () => {
    unlinkSync(ffmpegLink);
    await start();
    await enqueue(2);
    const running = runtime.service.run();
    await until(() => pausedFor().length > 0);
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(pausedFor()[0]).toMatch(/ffmpeg could not be started/);
    expect(events.some((event) => event.type === 'meeting-claimed')).toBe(false);
    expect(await meetings()).toEqual([
      { status: 'pending', attempts: 0 },
      { status: 'pending', attempts: 0 },
    ]);
    await runtime.service.stop();
    await running;
  });
});
