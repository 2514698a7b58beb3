import { describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../../electron/contract/events.js';
import { settingsSchema, type Settings } from '../../../electron/contract/settings.js';
import type { WorkerRequest } from '../../../electron/contract/worker-protocol.js';
import { createSupervisor, type SupervisorOptions } from '../../../electron/main/supervisor.js';
import {
  createMemoryUtilityProcess,
  type ChildScript,
  type MemoryUtilityProcess,
} from '../../support/memory-utility-process.js';

import { crashingWorker, protocolWorker } from './fake-worker.js';
import { createManualClock, settle } from './manual-clock.js';

const settings: Settings = settingsSchema.parse({
  workerId: 'desk-1',
  workerName: 'Desk',
  audioTempDir: '/tmp/pcw-audio',
  dataDir: '/tmp/pcw-data',
  supabaseUrl: 'https://abcd.supabase.co',
  supabaseKey: 'service-role-key-0123456789',
});

function setup(scripts: ChildScript[], overrides: Partial<SupervisorOptions> = {}) {
  const clock = createManualClock();
  const events: WorkerEvent[] = [];
  const spawned: MemoryUtilityProcess[] = [];
  const supervisor = createSupervisor({
    spawn: () => {
      const script = scripts[Math.min(spawned.length, scripts.length - 1)];
      if (script === undefined) throw new Error('no script');
      const child = createMemoryUtilityProcess(script, 100 + spawned.length);
      spawned.push(child);
      return child;
    },
    settings: () => settings,
    clock,
    onEvent: (event) => events.push(event),
    backoff: { initialMs: 1000, maxMs: 8000 },
    crashLoop: { crashes: 4, windowMs: 60_000 },
    ...overrides,
  });
  return { clock, events, spawned, supervisor };
}

const states = (events: WorkerEvent[]) =>
  events.flatMap((event) =>
    event.type === 'worker-state' ? [`${event.state}${event.detail === undefined ? '' : `: ${event.detail}`}`] : [],
  );

describe('supervisor', () => {
  it('hands the worker its settings in init and answers requests made before it was ready', async () => {
    const { supervisor, spawned } = setup([
      protocolWorker((request) => ({ ok: true, value: request.command.type === 'retry-meeting' ? true : null })),
    ]);
    supervisor.start();
    const retried = supervisor.request({ type: 'retry-meeting', meetingId: '00000000-0000-4000-8000-000000000001' });
    expect(await retried).toBe(true);
    expect(supervisor.status()).toBe('ready');
    const [init, retry] = spawned[0]?.received as WorkerRequest[];
    expect(init?.command).toEqual({ type: 'init', settings });
    expect(retry?.command.type).toBe('retry-meeting');
  });

  it('matches answers to requests by id even when the worker answers out of order', async () => {
    const held: Array<() => void> = [];
    const script = protocolWorker((request, child) => {
      if (request.command.type !== 'retry-meeting') return { ok: true, value: null };
      const meetingId = request.command.meetingId;
      held.push(() => child.post({ kind: 'response', id: request.id, ok: true, value: meetingId.endsWith('1') }));
      return null;
    });
    const { supervisor } = setup([script]);
    supervisor.start();
    const first = supervisor.request({ type: 'retry-meeting', meetingId: '00000000-0000-4000-8000-000000000001' });
    const second = supervisor.request({ type: 'retry-meeting', meetingId: '00000000-0000-4000-8000-000000000002' });
    await settle();
    held.reverse().forEach((release) => release());
    expect(await Promise.all([first, second])).toEqual([true, false]);
  });

  it("passes the worker's error code, message and retry flag to the caller", async () => {
    const { supervisor } = setup([
      protocolWorker((request) =>
        request.command.type === 'pause'
          ? { ok: false, code: 'connection', message: 'The database could not be reached', retryable: true }
          : { ok: true, value: null },
      ),
    ]);
    supervisor.start();
    await expect(supervisor.request({ type: 'pause' })).rejects.toMatchObject({
      code: 'connection',
      message: 'The database could not be reached',
      retryable: true,
    });
  });

  it('rejects an answer that does not match the command result schema', async () => {
    const { supervisor } = setup([
      protocolWorker((request) => ({ ok: true, value: request.command.type === 'retry-meeting' ? 'yes' : null })),
    ]);
    supervisor.start();
    await expect(
      supervisor.request({ type: 'retry-meeting', meetingId: '00000000-0000-4000-8000-000000000001' }),
    ).rejects.toMatchObject({ code: 'bad-response' });
  });

  it('restarts the worker with exponential backoff after a crash and shows a crash loop as an error', async () => {
    const { supervisor, spawned, clock, events } = setup([
      crashingWorker('Error: Cannot find module onnxruntime_binding.node'),
    ]);
    supervisor.start();
    const delays: number[] = [];
    for (let crash = 1; crash < 4; crash++) {
      await settle();
      expect(supervisor.status()).toBe('backing-off');
      delays.push(...clock.pendingTimers().filter((ms) => ms < 60_000));
      clock.advance(delays.at(-1) ?? 0);
      expect(spawned).toHaveLength(crash + 1);
    }
    await settle();
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(supervisor.status()).toBe('crash-loop');
    expect(states(events).at(-1)).toMatch(
      /^error: The worker crashed 4 times in 60 s and was not restarted \(exit code 1: Error: Cannot find module onnxruntime_binding\.node\)/,
    );
    clock.advance(120_000);
    expect(spawned).toHaveLength(4);
    await expect(supervisor.request({ type: 'pause' })).rejects.toMatchObject({ code: 'worker-unavailable' });
  });

  it('caps the backoff and forgets crashes older than the window', async () => {
    const { supervisor, clock } = setup([crashingWorker('boom')], {
      crashLoop: { crashes: 3, windowMs: 10_000 },
      backoff: { initialMs: 4000, maxMs: 5000 },
    });
    supervisor.start();
    await settle();
    expect(clock.pendingTimers().filter((ms) => ms < 60_000)).toEqual([4000]);
    clock.advance(4000);
    await settle();
    expect(clock.pendingTimers().filter((ms) => ms < 60_000)).toEqual([5000]);
    clock.advance(5000);
    clock.advance(20_000); // let the window pass without a crash being counted: restarts continue
    await settle();
    expect(supervisor.status()).toBe('backing-off');
  });

  it('fails requests in flight when the worker dies, then serves new ones after the restart', async () => {
    let generation = 0;
    const script: ChildScript = (child) => {
      generation++;
      const mine = generation;
      protocolWorker((request) => {
        if (request.command.type === 'pause' && mine === 1) {
          child.exit(9);
          return null;
        }
        return { ok: true, value: null };
      })(child);
    };
    const { supervisor, clock, spawned } = setup([script]);
    supervisor.start();
    await expect(supervisor.request({ type: 'pause' })).rejects.toMatchObject({
      code: 'worker-exited',
      retryable: true,
    });
    await settle();
    clock.advance(1000);
    await expect(supervisor.request({ type: 'pause' })).resolves.toBeNull();
    expect(spawned).toHaveLength(2);
  });

  it('asks the worker to release its leases on quit and waits for it to exit, without restarting it', async () => {
    const { supervisor, spawned } = setup([protocolWorker()]);
    supervisor.start();
    await supervisor.request({ type: 'resume' });
    await supervisor.shutdown();
    expect(supervisor.status()).toBe('stopped');
    const commands = (spawned[0]?.received as WorkerRequest[]).map((request) => request.command.type);
    expect(commands).toEqual(['init', 'resume', 'shutdown']);
    expect(spawned[0]?.received).toHaveLength(3);
    expect(spawned).toHaveLength(1);
  });

  it('kills a worker that does not exit within the shutdown timeout', async () => {
    const stubborn: ChildScript = (child) => {
      child.onMessage((message) => {
        const request = message as WorkerRequest;
        if (request.command.type === 'init') child.post({ kind: 'response', id: request.id, ok: true, value: null });
      });
      child.post({ kind: 'hello', pid: 1 });
    };
    const { supervisor, spawned, clock } = setup([stubborn], { shutdownTimeoutMs: 5000 });
    supervisor.start();
    await settle();
    expect(supervisor.status()).toBe('ready');
    const quitting = supervisor.shutdown();
    await settle();
    expect(spawned[0]?.killed).toBe(false);
    clock.advance(5000);
    await quitting;
    expect(spawned[0]?.killed).toBe(true);
    expect(supervisor.status()).toBe('stopped');
  });

  it('ignores malformed messages from the worker and kills one that never becomes ready', async () => {
    const silent: ChildScript = (child) => {
      child.post({ kind: 'event', event: { type: 'worker-state', state: 'flying' } });
      child.post('not a message');
    };
    const { supervisor, spawned, clock, events } = setup([silent], { readyTimeoutMs: 30_000 });
    supervisor.start();
    await settle();
    expect(states(events)).toEqual(['starting']);
    clock.advance(30_000);
    await settle();
    expect(spawned[0]?.killed).toBe(true);
    expect(states(events).at(-1)).toMatch(
      /^error: The worker stopped \(exit code 15: The worker did not become ready in time\.\); restarting in 1 s\.$/,
    );
  });

  it('forwards the worker events and restarts with fresh settings on restart()', async () => {
    let current = settings;
    const script: ChildScript = (child) => {
      protocolWorker()(child);
      child.post({ kind: 'event', event: { type: 'worker-state', state: 'idle' } });
    };
    const { supervisor, spawned, events } = setup([script], { settings: () => current });
    supervisor.start();
    await supervisor.request({ type: 'resume' });
    current = { ...settings, workerName: 'Renamed' };
    await supervisor.restart();
    await supervisor.request({ type: 'resume' });
    const init = (spawned[1]?.received as WorkerRequest[])[0];
    expect(init?.command).toMatchObject({ type: 'init', settings: { workerName: 'Renamed' } });
    expect(states(events)).toEqual(['starting', 'idle', 'starting', 'idle']);
  });

  it('stops with an error a person can act on when the saved key cannot be unsealed, instead of throwing in main', async () => {
    const { supervisor, events, spawned } = setup([protocolWorker(() => ({ ok: true, value: null }))], {
      settings: () => {
        throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
      },
    });
    supervisor.start();
    await expect(supervisor.request({ type: 'pause' })).rejects.toThrow(/enter the key again/);
    await settle();
    expect(states(events).at(-1)).toMatch(/^error: The saved settings cannot be used .*enter the key again/);
    expect(spawned).toHaveLength(1);
    expect(supervisor.status()).toBe('stopped');
  });
});
