/**
 * Composition root of the Electron shell: the only place (with electron-adapters.ts and windows.ts)
 * that creates Electron objects. It wires the tested logic (supervisor, tray state, settings store,
 * IPC router) to the app, the tray and the windows.
 */
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { app, ipcMain, shell } from 'electron';

import type { WorkerEvent } from '../contract/events.js';

import { createElectronTray, electronSecretBox, spawnUtilityWorker } from './electron-adapters.js';
import { routeIpc } from './ipc-router.js';
import { logWorkerEvent, setUpLogging } from './logging.js';
import { systemClock } from './ports.js';
import { isTrustedUrl } from './security.js';
import { createSettingsStore } from './settings-store.js';
import { createSupervisor } from './supervisor.js';
import { applyTrayEvent, initialTrayState, trayModel } from './tray-state.js';
import { createWindows, enforceContentSecurityPolicy } from './windows.js';
import { createWorkerApiHandlers } from './worker-api-handlers.js';

// Built layout (vite.config.ts): dist-electron/main/index.js, dist-electron/preload/index.cjs,
// dist-electron/worker/entry.js, dist/renderer/*.html; resources/ beside the asar in a package.
const appRoot = path.resolve(import.meta.dirname, '..', '..');
const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(appRoot, 'resources');

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const userData = app.getPath('userData');
  const logsDir = path.join(userData, 'logs');
  const log = setUpLogging(logsDir);
  const store = createSettingsStore({
    dir: userData,
    secretBox: electronSecretBox,
    defaults: {
      workerId: `pc-${
        os
          .hostname()
          .replace(/[^A-Za-z0-9._-]/g, '-')
          .slice(0, 48) || 'worker'
      }`,
      workerName: os.hostname() || 'PC Worker',
      dataDir: userData,
      audioTempDir: path.join(app.getPath('temp'), 'pc-worker'),
      modelCacheDir: path.join(userData, 'models'),
      logDir: logsDir,
    },
  });
  const trusted = {
    rendererDir: pathToFileURL(path.join(appRoot, 'dist', 'renderer') + path.sep).href,
    devServer: process.env['VITE_DEV_SERVER_URL'],
  };
  enforceContentSecurityPolicy();
  const windows = createWindows({ preload: path.join(appRoot, 'dist-electron', 'preload', 'index.cjs'), trusted });

  let trayState = initialTrayState;
  const tray = createElectronTray(path.join(resourcesDir, 'icons'), (id, checked) => onTrayClick(id, checked));
  const showTray = () => tray.show(trayModel(trayState, { startAtLogin: store.startAtLogin() }));
  const onEvent = (event: WorkerEvent): void => {
    trayState = applyTrayEvent(trayState, event);
    if (event.type !== 'meeting-progress' && event.type !== 'meeting-segment') showTray();
    else if (event.meetingId === trayState.current?.id) showTray();
    windows.broadcast(event);
    logWorkerEvent(log, event);
  };

  const env = { PATH: process.env['PATH'] ?? '', NODE_ENV: process.env['NODE_ENV'] ?? 'production' };
  const supervisor = createSupervisor({
    spawn: spawnUtilityWorker(path.join(appRoot, 'dist-electron', 'worker', 'entry.js'), env),
    settings: () => store.forWorker(),
    clock: systemClock,
    onEvent,
  });
  const setStartAtLogin = (enabled: boolean) => {
    app.setLoginItemSettings({ openAtLogin: enabled });
  };
  const handlers = createWorkerApiHandlers(supervisor, store, {
    logsDir,
    openFolder: async (folder) => (await shell.openPath(folder)) === '',
    setStartAtLogin,
  });
  routeIpc(ipcMain, handlers, (url) => isTrustedUrl(url, trusted));

  function onTrayClick(id: string, checked: boolean): void {
    if (id === 'toggle-pause')
      void (trayState.worker === 'paused' || trayState.worker === 'error' ? handlers.resume() : handlers.pause()).catch(
        (error: unknown) => log.warn(String(error)),
      );
    if (id === 'open-dashboard') windows.open('dashboard');
    if (id === 'open-settings') windows.open('settings');
    if (id === 'open-logs') void shell.openPath(logsDir);
    if (id === 'start-at-login') {
      store.setStartAtLogin(checked);
      setStartAtLogin(checked);
      showTray();
    }
    if (id === 'quit') app.quit();
  }

  app.on('second-instance', () => windows.open('dashboard'));
  // The app lives in the tray: closing every window must not quit it.
  app.on('window-all-closed', () => undefined);
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    // The worker finishes or releases its leases first, so no meeting waits for a lease to expire.
    void supervisor.shutdown().finally(() => app.exit(0));
  });

  showTray();
  supervisor.start();
  // First run: nothing configured yet; the settings window explains Supabase vs. local mode.
  if (store.view().firstRun) windows.open('settings');
}

void main();
