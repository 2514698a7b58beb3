/**
 * The shell around each meeting: the sleep blocker and the notifications, driven by the real supervisor
 * with an in-memory worker process (tests/support/memory-utility-process.ts) that posts the worker's
 * events. Electron's APIs are fakes that follow their documented contract:
 * - powerSaveBlocker.start(type) returns a new id each call and blocks sleep until stop(id); stopping an
 *   id twice or an unknown id is a no-op (the fake records it, so the test can say it never happens).
 * - new Notification({ title, body }).show() shows one notification (the fake records title and body).
 * - powerMonitor.isOnBatteryPower() tells the power source; 'on-battery' / 'on-ac' fire when it changes.
 */
import { EventEmitter } from 'node:events';

import { describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../../electron/contract/events.js';
import { settingsSchema } from '../../../electron/contract/settings.js';
import type { WorkerRequest } from '../../../electron/contract/worker-protocol.js';
import { watchBattery } from '../../../electron/main/battery-pause.js';
import { createMeetingWatch } from '../../../electron/main/meeting-watch.js';
import type { NotifierLike, PowerSaveBlockerLike, PowerSourceLike } from '../../../electron/main/ports.js';
import { createSupervisor } from '../../../electron/main/supervisor.js';
import { applyTrayEvent, initialTrayState } from '../../../electron/main/tray-state.js';
import { createMemoryUtilityProcess } from '../../support/memory-utility-process.js';
import type { ChildSide } from '../../support/memory-utility-process.js';

import { protocolWorker } from './fake-worker.js';
import { createManualClock, settle } from './manual-clock.js';

const settings = settingsSchema.parse({
  workerId: 'desk-1',
  workerName: 'Desk',
  audioTempDir: '/tmp/pcw-audio',
  dataDir: '/tmp/pcw-data',
});
const meetingA = '11111111-1111-4111-8111-111111111111';
const meetingB = '22222222-2222-4222-8222-222222222222';

function fakeBlocker(): PowerSaveBlockerLike & { active: Set<number>; strayStops: number } {
  let next = 0;
  const active = new Set<number>();
  const fake = {
    active,
    strayStops: 0,
    start: () => {
      next += 1;
      active.add(next);
      return next;
    },
    stop: (id: number) => {
      if (!active.delete(id)) fake.strayStops += 1;
    },
  };
  return fake;
}

function fakeNotifier(): NotifierLike & { shown: string[] } {
  const shown: string[] = [];
  return { shown, notify: (title, body) => shown.push(`${title}: ${body}`) };
}

/** The supervisor with a worker whose events the test posts; pause/resume answered like the real one. */
function desktop() {
  let worker: ChildSide | null = null;
  const blocker = fakeBlocker();
  const notifier = fakeNotifier();
  const watch = createMeetingWatch({ blocker, notifier });
  let tray = initialTrayState;
  const clock = createManualClock();
  const supervisor = createSupervisor({
    spawn: () =>
      createMemoryUtilityProcess((child) => {
        worker = child;
        protocolWorker((request: WorkerRequest) => {
          const type = request.command.type;
          if (type === 'pause' || type === 'resume') {
            child.post({ kind: 'event', event: { type: 'worker-state', state: type === 'pause' ? 'paused' : 'idle' } });
          }
          return { ok: true, value: null };
        })(child);
      }),
    settings: () => settings,
    clock,
    onEvent: (event: WorkerEvent) => {
      tray = applyTrayEvent(tray, event);
      watch.onEvent(event);
    },
  });
  const post = async (event: WorkerEvent) => {
    worker?.post({ kind: 'event', event });
    await settle();
  };
  return { supervisor, blocker, notifier, watch, post, tray: () => tray, crash: () => worker?.exit(1) };
}

const claimed = (meetingId: string, title: string): WorkerEvent => ({
  type: 'meeting-claimed',
  meetingId,
  title,
  attempt: 1,
});

describe('while meetings are processed', () => {
  it('keeps the computer awake from the first claim until the last meeting ends, and tells once per meeting', async () => {
    const app = desktop();
    app.supervisor.start();
    await app.supervisor.request({ type: 'resume' });
    expect(app.watch.keepingAwake).toBe(false);
    await app.post(claimed(meetingA, 'Budget review'));
    await app.post(claimed(meetingB, 'Standup'));
    expect(app.blocker.active.size).toBe(1);
    await app.post({ type: 'meeting-finished', meetingId: meetingA, outcome: 'completed', durationSec: 60 });
    expect(app.blocker.active.size).toBe(1); // Standup is still in work
    await app.post({
      type: 'meeting-finished',
      meetingId: meetingB,
      outcome: 'failed',
      message: 'The audio file is empty (0 bytes)',
    });
    expect(app.blocker.active.size).toBe(0);
    expect(app.blocker.strayStops).toBe(0);
    // A second finished event for a meeting (a repeated report) brings no second notification.
    await app.post({ type: 'meeting-finished', meetingId: meetingA, outcome: 'completed' });
    expect(app.notifier.shown).toEqual([
      'Meeting transcribed: Budget review',
      'Meeting failed: Standup: The audio file is empty (0 bytes)',
    ]);
    await app.supervisor.shutdown();
  });

  it('tells nothing while paused, nor about meetings handed back or retried later', async () => {
    const app = desktop();
    app.supervisor.start();
    await app.supervisor.request({ type: 'resume' });
    await app.post(claimed(meetingA, 'Budget review'));
    expect(app.blocker.active.size).toBe(1);
    await app.post({ type: 'meeting-finished', meetingId: meetingA, outcome: 'retrying', message: 'network' });
    await app.post(claimed(meetingB, 'Standup'));
    await app.supervisor.request({ type: 'pause' });
    await settle();
    await app.post({ type: 'meeting-finished', meetingId: meetingB, outcome: 'completed' });
    expect(app.notifier.shown).toEqual([]);
    expect(app.blocker.active.size).toBe(0);
    await app.supervisor.shutdown();
  });

  it('lets the computer sleep again when the worker crashes mid-meeting', async () => {
    const app = desktop();
    app.supervisor.start();
    await app.supervisor.request({ type: 'resume' });
    await app.post(claimed(meetingA, 'Budget review'));
    expect(app.blocker.active.size).toBe(1);
    app.crash();
    await settle();
    expect(app.blocker.active.size).toBe(0);
    expect(app.notifier.shown).toEqual([]);
  });
});

/** powerMonitor's contract: isOnBatteryPower(), and 'on-battery' / 'on-ac' when the source changes. */
function fakePowerMonitor(onBattery: boolean): PowerSourceLike & { unplug(): void; plugIn(): void } {
  const events = new EventEmitter();
  let battery = onBattery;
  return {
    isOnBatteryPower: () => battery,
    on: (event, listener) => events.on(event, listener),
    unplug: () => {
      battery = true;
      events.emit('on-battery');
    },
    plugIn: () => {
      battery = false;
      events.emit('on-ac');
    },
  };
}

describe('pause on battery', () => {
  async function batteryDesktop(options: { enabled: boolean; onBattery: boolean }) {
    const app = desktop();
    const power = fakePowerMonitor(options.onBattery);
    let enabled = options.enabled;
    app.supervisor.start();
    await app.supervisor.request({ type: 'resume' });
    await settle();
    const battery = watchBattery({
      power,
      enabled: () => enabled,
      isPaused: () => app.tray().worker === 'paused',
      pause: () => app.supervisor.request({ type: 'pause' }).then(() => undefined),
      resume: () => app.supervisor.request({ type: 'resume' }).then(() => undefined),
      warn: (message) => {
        throw new Error(message);
      },
    });
    await settle();
    return { ...app, power, battery, enable: (on: boolean) => (enabled = on) };
  }

  it('pauses when unplugged and resumes when plugged in again, only with the setting on', async () => {
    const off = await batteryDesktop({ enabled: false, onBattery: false });
    off.power.unplug();
    await settle();
    expect(off.tray().worker).toBe('idle');
    await off.supervisor.shutdown();

    const on = await batteryDesktop({ enabled: true, onBattery: false });
    on.power.unplug();
    await settle();
    expect(on.tray().worker).toBe('paused');
    on.power.plugIn();
    await settle();
    expect(on.tray().worker).toBe('idle');
    await on.supervisor.shutdown();
  });

  it('pauses at once when started on battery or when the setting is turned on there; a pause the person chose stays', async () => {
    const atStart = await batteryDesktop({ enabled: true, onBattery: true });
    expect(atStart.tray().worker).toBe('paused');
    await atStart.supervisor.shutdown();

    const turnedOn = await batteryDesktop({ enabled: false, onBattery: true });
    expect(turnedOn.tray().worker).toBe('idle');
    turnedOn.enable(true);
    turnedOn.battery.settingChanged();
    await settle();
    expect(turnedOn.tray().worker).toBe('paused');
    turnedOn.enable(false);
    turnedOn.battery.settingChanged();
    await settle();
    expect(turnedOn.tray().worker).toBe('idle');
    await turnedOn.supervisor.shutdown();

    const chosen = await batteryDesktop({ enabled: true, onBattery: false });
    await chosen.supervisor.request({ type: 'pause' });
    await settle();
    chosen.power.unplug();
    chosen.power.plugIn();
    await settle();
    expect(chosen.tray().worker).toBe('paused');
    await chosen.supervisor.shutdown();
  });
});
