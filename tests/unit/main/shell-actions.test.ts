import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../../electron/contract/events.js';
import { settingsSchema } from '../../../electron/contract/settings.js';
import type { WorkerRequest } from '../../../electron/contract/worker-protocol.js';
import { createSettingsStore } from '../../../electron/main/settings-store.js';
import { onTrayClick, quitAfterWorker, windowsAtStart, type ShellPorts } from '../../../electron/main/shell-actions.js';
import { createSupervisor } from '../../../electron/main/supervisor.js';
import { applyTrayEvent, initialTrayState, trayModel, type TrayState } from '../../../electron/main/tray-state.js';
import { createMemoryUtilityProcess, type MemoryUtilityProcess } from '../../support/memory-utility-process.js';

import { crashingWorker, protocolWorker } from './fake-worker.js';
import { createManualClock, settle } from './manual-clock.js';

const settings = settingsSchema.parse({
  workerId: 'desk-1',
  workerName: 'Desk',
  audioTempDir: '/tmp/pcw-audio',
  dataDir: '/tmp/pcw-data',
});

function recordingPorts(): { ports: ShellPorts; calls: string[] } {
  const calls: string[] = [];
  const ports: ShellPorts = {
    openWindow: (name) => calls.push(`open ${name}`),
    openLogsFolder: () => calls.push('open logs'),
    setStartAtLogin: (enabled) => calls.push(`start at login ${String(enabled)}`),
    setPauseOnBattery: (enabled) => calls.push(`pause on battery ${String(enabled)}`),
    pause: () => {
      calls.push('pause');
      return Promise.resolve();
    },
    resume: () => {
      calls.push('resume');
      return Promise.resolve();
    },
    addRecordings: () => {
      calls.push('add recordings');
      return Promise.resolve();
    },
    quit: () => calls.push('quit'),
    warn: (message) => calls.push(`warn ${message}`),
  };
  return { ports, calls };
}

describe('tray menu actions', () => {
  const state = (worker: TrayState['worker']): TrayState => ({ ...initialTrayState, worker });

  it('pauses a running worker and resumes a paused or failed one', () => {
    const { ports, calls } = recordingPorts();
    onTrayClick(() => state('working'), ports)('toggle-pause', false);
    onTrayClick(() => state('paused'), ports)('toggle-pause', false);
    onTrayClick(() => state('error'), ports)('toggle-pause', false);
    expect(calls).toEqual(['pause', 'resume', 'resume']);
  });

  it('opens the windows and the logs folder, sets start at login and quits', () => {
    const { ports, calls } = recordingPorts();
    const click = onTrayClick(() => state('idle'), ports);
    click('open-dashboard', false);
    click('open-settings', false);
    click('open-logs', false);
    click('add-recordings', false);
    click('start-at-login', true);
    click('pause-on-battery', true);
    click('state', false);
    click('quit', false);
    expect(calls).toEqual([
      'open dashboard',
      'open settings',
      'open logs',
      'add recordings',
      'start at login true',
      'pause on battery true',
      'quit',
    ]);
  });

  it('logs a pause the worker refused instead of failing silently', async () => {
    const { ports, calls } = recordingPorts();
    ports.pause = () => Promise.reject(new Error('The worker is not running.'));
    onTrayClick(() => state('idle'), ports)('toggle-pause', false);
    await settle();
    expect(calls).toEqual(['warn Tray toggle-pause failed: The worker is not running.']);
  });
});

describe('first run', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens the settings window until settings were saved once (local mode counts)', () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-first-run-'));
    const box = { isAvailable: () => true, seal: (plain: string) => Buffer.from(plain), open: String };
    const store = createSettingsStore({
      dir,
      secretBox: box,
      defaults: { workerId: 'desk-1', workerName: 'Desk', dataDir: dir, audioTempDir: path.join(dir, 'audio') },
    });
    expect(windowsAtStart(store.view())).toEqual(['settings']);
    const saved = store.save({ workerId: 'desk-1', workerName: 'Desk', audioTempDir: path.join(dir, 'audio') });
    expect(saved.ok).toBe(true);
    expect(windowsAtStart(store.view())).toEqual([]);
  });
});

describe('the shell and the supervised worker', () => {
  it('shows a crash loop as an error in the tray, with the reason and Resume to try again', async () => {
    const clock = createManualClock();
    let tray = initialTrayState;
    const supervisor = createSupervisor({
      spawn: () => createMemoryUtilityProcess(crashingWorker('Error: libonnxruntime.so.1: cannot open shared object')),
      settings: () => settings,
      clock,
      onEvent: (event: WorkerEvent) => (tray = applyTrayEvent(tray, event)),
      backoff: { initialMs: 1000, maxMs: 1000 },
      crashLoop: { crashes: 3, windowMs: 60_000 },
    });
    supervisor.start();
    for (let crash = 0; crash < 3; crash++) {
      await settle();
      clock.advance(1000);
    }
    await settle();
    expect(supervisor.status()).toBe('crash-loop');
    const model = trayModel(tray, { startAtLogin: false });
    expect(model.icon).toBe('error');
    expect(model.tooltip).toMatch(/^PC Worker: Error: The worker crashed 3 times in 60 s and was not restarted/);
    expect(model.tooltip).toContain('libonnxruntime.so.1: cannot open shared object');
    expect(model.menu.find((item) => item.id === 'toggle-pause')).toMatchObject({ label: 'Resume', enabled: true });
  });

  it('holds the quit until the worker has released its meetings and exited, then exits once', async () => {
    const clock = createManualClock();
    const spawned: MemoryUtilityProcess[] = [];
    const supervisor = createSupervisor({
      spawn: () => {
        const child = createMemoryUtilityProcess(protocolWorker());
        spawned.push(child);
        return child;
      },
      settings: () => settings,
      clock,
      onEvent: () => undefined,
    });
    supervisor.start();
    await supervisor.request({ type: 'resume' });
    const exits: string[] = [];
    const beforeQuit = quitAfterWorker(
      () => supervisor.shutdown(),
      () => exits.push(`exit with the worker ${supervisor.status()}`),
      (message) => exits.push(message),
    );
    let prevented = 0;
    const event = { preventDefault: () => prevented++ };
    beforeQuit(event);
    expect(prevented).toBe(1);
    expect(exits).toEqual([]);
    await settle();
    expect(exits).toEqual(['exit with the worker stopped']);
    const commands = (spawned[0]?.received as WorkerRequest[]).map((request) => request.command.type);
    expect(commands.at(-1)).toBe('shutdown');
    beforeQuit(event);
    expect(prevented).toBe(1);
    expect(spawned).toHaveLength(1);
  });
});
