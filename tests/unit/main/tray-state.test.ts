import { describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../../electron/contract/events.js';
import { applyTrayEvent, initialTrayState, trayModel, type TrayState } from '../../../electron/main/tray-state.js';

const meetingId = '6f1c2c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
const fold = (events: WorkerEvent[]): TrayState => events.reduce(applyTrayEvent, initialTrayState);
const model = (events: WorkerEvent[], startAtLogin = false) => trayModel(fold(events), { startAtLogin });
const label = (events: WorkerEvent[]) => model(events).menu[0]?.label;

describe('tray state', () => {
  it('shows idle, then the meeting being worked on with its overall progress', () => {
    const idle: WorkerEvent[] = [{ type: 'worker-state', state: 'idle' }];
    expect(label(idle)).toBe('Idle, waiting for meetings');
    expect(model(idle).icon).toBe('idle');
    const working: WorkerEvent[] = [
      ...idle,
      { type: 'meeting-claimed', meetingId, title: 'Faculty meeting', attempt: 1 },
      { type: 'worker-state', state: 'working' },
      { type: 'meeting-progress', meetingId, stage: 'transcribe', progress: 0.5 },
    ];
    // download 5 % + decode 5 % + half of transcribe's 70 % = 45 %
    expect(label(working)).toBe('Working on "Faculty meeting" 45%');
    expect(model(working).icon).toBe('working');
    expect(model(working).tooltip).toBe('PC Worker: Working on "Faculty meeting" 45%');
  });

  it('shows what a first start is preparing (download, GPU check), then idle', () => {
    const preparing: WorkerEvent[] = [
      {
        type: 'preparation',
        step: 'canary',
        detail: 'Checking the GPU (dml #0): transcribing a known clip',
        progress: null,
      },
      {
        type: 'preparation',
        step: 'download',
        detail: 'Downloading Xenova/whisper-tiny (onnx/encoder_model_quantized.onnx): 4.0 of 10.1 MB',
        progress: 0.4,
      },
    ];
    // The menu cuts long labels; the tooltip carries all of it.
    expect(label(preparing)).toMatch(/^Starting: Downloading Xenova\/whisper-tiny \(onnx\/encoder/);
    expect(model(preparing).tooltip).toContain('encoder_model_quantized.onnx): 4.0 of 10.1 MB');
    expect(label(preparing.slice(0, 1))).toMatch(/^Starting: Checking the GPU \(dml #0\)/);
    expect(label([...preparing, { type: 'worker-state', state: 'idle' }])).toBe('Idle, waiting for meetings');
  });

  it('offers Resume while paused and Pause otherwise, with the paused icon', () => {
    const paused = model([{ type: 'worker-state', state: 'paused' }]);
    expect(paused.icon).toBe('paused');
    expect(paused.menu.find((item) => item.id === 'toggle-pause')?.label).toBe('Resume');
    expect(
      model([{ type: 'worker-state', state: 'idle' }]).menu.find((item) => item.id === 'toggle-pause')?.label,
    ).toBe('Pause');
  });

  it('shows an error with its reason, and offline once the worker has stopped', () => {
    const crashed = model([{ type: 'worker-state', state: 'error', detail: 'The worker crashed 5 times in 60 s' }]);
    expect(crashed.icon).toBe('error');
    expect(crashed.menu[0]?.label).toBe('Error: The worker crashed 5 times in 60 s');
    expect(label([{ type: 'worker-state', state: 'stopped' }])).toBe('Offline');
    expect(
      model([{ type: 'worker-state', state: 'stopped' }]).menu.find((item) => item.id === 'toggle-pause')?.enabled,
    ).toBe(false);
  });

  it('forgets the meeting when it finishes and cuts long labels for the menu', () => {
    const title = 'A very long meeting title that goes on and on about the budget of the department';
    const events: WorkerEvent[] = [
      { type: 'meeting-claimed', meetingId, title, attempt: 1 },
      { type: 'worker-state', state: 'working' },
    ];
    const long = model(events).menu[0]?.label ?? '';
    expect(long).toHaveLength(70);
    expect(long.endsWith('…')).toBe(true);
    const done = fold([
      ...events,
      { type: 'meeting-finished', meetingId, outcome: 'completed' },
      { type: 'worker-state', state: 'idle' },
    ]);
    expect(done.current).toBeNull();
  });

  it('lists the menu the issue asks for, with Start at login and Pause on battery as checkboxes', () => {
    const menu = model([{ type: 'worker-state', state: 'idle' }], true).menu;
    expect(menu.map((item) => item.id)).toEqual([
      'state',
      'toggle-pause',
      'open-dashboard',
      'open-settings',
      'open-logs',
      'start-at-login',
      'pause-on-battery',
      'quit',
    ]);
    expect(menu.find((item) => item.id === 'start-at-login')?.checked).toBe(true);
    expect(menu.find((item) => item.id === 'pause-on-battery')?.checked).toBe(false);
    expect(menu[0]?.enabled).toBe(false);
  });
});
