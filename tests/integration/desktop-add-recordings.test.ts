/**
 * The desktop app's ways to add recordings, tested through main's ports (the Electron binary cannot run
 * here): the dashboard's picker or drop reaches main as paths on the add channel, the tray's "Add
 * recordings…" opens the file dialog. Main's real supervisor and IPC routing drive a real worker host
 * (embedded queue, ffmpeg) over the in-memory utility process, speaking the worker protocol as
 * worker/entry.ts does; only the dialog is a stand-in (it needs a person).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { addRecordingPathsChannel } from '../../electron/contract/recordings.js';
import { workerRequestSchema } from '../../electron/contract/worker-protocol.js';
import { openWorkerHost, toProtocolError, type WorkerHost } from '../../electron/core/worker-host.js';
import { UntrustedSenderError } from '../../electron/main/ipc-router.js';
import { systemClock } from '../../electron/main/ports.js';
import { addRecordingsFromDialog, routeRecordingPaths } from '../../electron/main/recording-intake.js';
import { isTrustedUrl } from '../../electron/main/security.js';
import { onTrayClick } from '../../electron/main/shell-actions.js';
import { createSupervisor, type Supervisor } from '../../electron/main/supervisor.js';
import { initialTrayState, trayModel } from '../../electron/main/tray-state.js';
import { createMemoryUtilityProcess, type ChildScript } from '../support/memory-utility-process.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sharedDir } from '../support/shared-data.js';
import { memoryIpcMain } from '../unit/main/memory-ipc-main.js';

const clip = path.join(sharedDir, 'data', 'diarization', 'ami_excerpt_trn03.wav');
const trusted = { rendererDir: 'file:///opt/PC%20Worker/resources/app.asar/dist/renderer/' };
const dashboardUrl = `${trusted.rendererDir}index.html`;

/** worker/entry.ts's loop on the in-memory child: init opens the real host, every other command goes to it. */
const realWorker: ChildScript = (child) => {
  let host: WorkerHost | null = null;
  child.onMessage((message) => {
    const { id, command } = workerRequestSchema.parse(message);
    void (async () => {
      try {
        let value: unknown = null;
        if (command.type === 'init')
          host = await openWorkerHost(command.settings, { emit: () => undefined, console: false, owner: 'test' });
        else if (host === null) throw new Error('not initialised');
        else value = await host.handle(command);
        child.post({ kind: 'response', id, ok: true, value: value ?? null });
        if (command.type === 'shutdown') child.exit(0);
      } catch (error) {
        child.post({ kind: 'response', id, ok: false, error: toProtocolError(error) });
      }
    })();
  });
  child.post({ kind: 'hello', pid: 4242 });
};

describe('adding recordings in the desktop app', { timeout: 120_000 }, () => {
  let dir = '';
  let supervisor: Supervisor;
  const ipc = memoryIpcMain();
  const titles = async () => (await supervisor.request({ type: 'list-meetings' })).map((m) => m.title).sort();

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-desktop-add-'));
    writeFileSync(path.join(dir, 'notes.m4a'), 'not a recording\n'.repeat(50));
    supervisor = createSupervisor({
      spawn: () => createMemoryUtilityProcess(realWorker),
      settings: () => offlineSettings(dir),
      clock: systemClock,
      onEvent: () => undefined,
      readyTimeoutMs: 100_000,
    });
    supervisor.start();
    routeRecordingPaths(ipc, supervisor, (url) => isTrustedUrl(url, trusted));
    // The first request waits for the ready handshake.
    await supervisor.request({ type: 'list-meetings' });
  }, 110_000);
  afterAll(async () => {
    await supervisor.shutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds what the dashboard picker or a drop hands over, and says why a file that is not audio was not added', async () => {
    const outcomes = await ipc.invoke(addRecordingPathsChannel, dashboardUrl, [clip, path.join(dir, 'notes.m4a')], {
      title: 'Lab meeting',
      expectedSpeakers: 4,
    });
    const [first] = outcomes as [{ meetingId: string }];
    expect(first.meetingId).toMatch(/^[0-9a-f-]{36}$/);
    expect(outcomes).toEqual([
      { name: 'ami_excerpt_trn03.wav', meetingId: first.meetingId, error: null },
      {
        name: 'notes.m4a',
        meetingId: null,
        error: 'The file is not a recording PC Worker can read: it is not audio, or it is damaged.',
      },
    ]);
    expect(await titles()).toEqual(['Lab meeting (ami_excerpt_trn03.wav)']);
  });

  it('refuses the add channel to a page that is not ours, and arguments outside the contract', async () => {
    await expect(ipc.invoke(addRecordingPathsChannel, 'https://evil.example/', [clip], {})).rejects.toBeInstanceOf(
      UntrustedSenderError,
    );
    await expect(ipc.invoke(addRecordingPathsChannel, dashboardUrl, [], {})).rejects.toThrow();
    await expect(ipc.invoke(addRecordingPathsChannel, dashboardUrl, [clip], { expectedSpeakers: 0 })).rejects.toThrow();
    expect(await titles()).toHaveLength(1);
  });

  it('offers "Add recordings…" in the tray in local mode; it opens the dialog and adds what was chosen', async () => {
    const menu = (localMode: boolean) =>
      trayModel({ ...initialTrayState, worker: 'idle' }, { startAtLogin: false, localMode }).menu.map((i) => i.id);
    expect(menu(true)).toContain('add-recordings');
    expect(menu(false)).not.toContain('add-recordings');

    const told: string[] = [];
    let chosen: string[] = [];
    const picker = { pickRecordings: () => Promise.resolve(chosen) };
    const added = new Promise<void>((resolve, reject) => {
      const click = onTrayClick(() => ({ ...initialTrayState, worker: 'idle' }), {
        openWindow: () => undefined,
        openLogsFolder: () => undefined,
        setStartAtLogin: () => undefined,
        setPauseOnBattery: () => undefined,
        pause: () => Promise.resolve(),
        resume: () => Promise.resolve(),
        quit: () => undefined,
        warn: (message) => reject(new Error(message)),
        addRecordings: () =>
          addRecordingsFromDialog(picker, supervisor, (message) => told.push(message)).then(() => resolve()),
      });
      chosen = [clip];
      click('add-recordings', false);
    });
    await added;
    expect(told).toEqual(['Added 1 recording to the queue.']);
    expect(await titles()).toEqual(['Lab meeting (ami_excerpt_trn03.wav)', 'ami_excerpt_trn03.wav']);

    // A cancelled dialog asks the worker nothing and says nothing.
    chosen = [];
    await expect(addRecordingsFromDialog(picker, supervisor, (message) => told.push(message))).resolves.toEqual([]);
    expect(told).toHaveLength(1);
  });
});
