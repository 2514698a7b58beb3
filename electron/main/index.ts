/**
 * Composition root of the Electron shell: the only place (with electron-adapters.ts and windows.ts)
 * that creates Electron objects. It wires the tested logic (supervisor, tray state, settings store,
 * IPC router) to the app, the tray and the windows.
 */
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { app, dialog, ipcMain, protocol, shell } from 'electron';

import type { WorkerEvent } from '../contract/events.js';

import { audioSchemePrivileges, registerAudioProtocol } from './audio-protocol.js';
import { watchBattery } from './battery-pause.js';
import {
  createElectronTray,
  electronNotifier,
  electronPowerSaveBlocker,
  electronPowerSource,
  electronRecordingPicker,
  electronSecretBox,
  electronSecureStorageProblem,
  spawnUtilityWorker,
} from './electron-adapters.js';
import { routeIpc } from './ipc-router.js';
import { logWorkerEvent, setUpLogging } from './logging.js';
import { createMeetingWatch } from './meeting-watch.js';
import { systemClock } from './ports.js';
import { addRecordingsFromDialog, routeRecordingPaths } from './recording-intake.js';
import { isTrustedUrl } from './security.js';
import { createSettingsStore } from './settings-store.js';
import { onTrayClick, quitAfterWorker, windowsAtStart } from './shell-actions.js';
import { createSupervisor } from './supervisor.js';
import { applyTrayEvent, initialTrayState, trayModel } from './tray-state.js';
import { createWindows, enforceContentSecurityPolicy } from './windows.js';
import { createWorkerApiHandlers } from './worker-api-handlers.js';
import { workerEnvironment } from './worker-env.js';

// Built layout (tools/bundle-electron.mjs, vite.config.ts): dist-electron/main/index.js, dist-electron/preload/index.cjs,
// dist-electron/worker/entry.js, dist/renderer/*.html; resources/ beside the asar in a package.
const appRoot = path.resolve(import.meta.dirname, '..', '..');
const resourcesDir = app.isPackaged ? process.resourcesPath : path.join(appRoot, 'resources');
// Before the app is ready, or the player cannot seek in pcw-audio:// media.
protocol.registerSchemesAsPrivileged([audioSchemePrivileges]);

async function main(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  await app.whenReady();
  const userData = app.getPath('userData');
  const logsDir = path.join(userData, 'logs');
  const log = setUpLogging(logsDir);
  const storageProblem = electronSecureStorageProblem();
  if (storageProblem !== null) log.warn(`Keys will not be saved: ${storageProblem}`);
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
    },
  });
  const trusted = {
    rendererDir: pathToFileURL(path.join(appRoot, 'dist', 'renderer') + path.sep).href,
    devServer: process.env['VITE_DEV_SERVER_URL'],
  };
  enforceContentSecurityPolicy();
  const windows = createWindows({ preload: path.join(appRoot, 'dist-electron', 'preload', 'index.cjs'), trusted });

  let trayState = initialTrayState;
  const tray = createElectronTray(path.join(resourcesDir, 'icons'), (id, checked) => trayClick(id, checked));
  const showTray = () =>
    tray.show(
      trayModel(trayState, {
        startAtLogin: store.startAtLogin(),
        pauseOnBattery: store.pauseOnBattery(),
        localMode: store.forWorker().supabaseUrl === undefined,
      }),
    );
  const meetings = createMeetingWatch({ blocker: electronPowerSaveBlocker, notifier: electronNotifier });
  const onEvent = (event: WorkerEvent): void => {
    windows.broadcast(event);
    logWorkerEvent(log, event);
    meetings.onEvent(event);
    if (event.type === 'log') return; // nothing for the tray (a rebuild re-reads settings.json)
    trayState = applyTrayEvent(trayState, event);
    if (event.type !== 'meeting-progress' && event.type !== 'meeting-segment') showTray();
    else if (event.meetingId === trayState.current?.id) showTray();
  };

  const env = workerEnvironment(process.env, { nodeEnv: 'production' });
  const supervisor = createSupervisor({
    spawn: spawnUtilityWorker(path.join(appRoot, 'dist-electron', 'worker', 'entry.js'), env),
    // In the app the worker's lines reach main.log as events: no pc-worker.log of its own beside it.
    settings: () => ({ ...store.forWorker(), logDir: undefined }),
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
    chooseSavePath: async (fileName) => {
      const choice = await dialog.showSaveDialog({ defaultPath: path.join(app.getPath('documents'), fileName) });
      return choice.canceled ? null : choice.filePath;
    },
    writeFile: (file, bytes) => writeFile(file, bytes),
  });
  registerAudioProtocol(protocol, (meetingId) => supervisor.request({ type: 'meeting-audio', meetingId }));
  routeIpc(ipcMain, handlers, (url) => isTrustedUrl(url, trusted));
  routeRecordingPaths(ipcMain, supervisor, (url) => isTrustedUrl(url, trusted));

  const trayClick = onTrayClick(() => trayState, {
    openWindow: (name) => windows.open(name),
    openLogsFolder: () => void shell.openPath(logsDir),
    setStartAtLogin(enabled) {
      store.setStartAtLogin(enabled);
      setStartAtLogin(enabled);
      showTray();
    },
    setPauseOnBattery(enabled) {
      store.setPauseOnBattery(enabled);
      battery.settingChanged();
      showTray();
    },
    pause: () => handlers.pause(),
    addRecordings: () =>
      addRecordingsFromDialog(electronRecordingPicker, supervisor, (message) => {
        log.info(message);
        electronNotifier.notify('PC Worker', message);
      }).then(() => undefined),
    resume: () => handlers.resume(),
    quit: () => app.quit(),
    warn: (message) => log.warn(message),
  });

  app.on('second-instance', () => windows.open('dashboard'));
  // The app lives in the tray: closing every window must not quit it.
  app.on('window-all-closed', () => undefined);
  app.on(
    'before-quit',
    quitAfterWorker(
      () => supervisor.shutdown(),
      () => app.exit(0),
      (message) => log.warn(message),
    ),
  );

  showTray();
  supervisor.start();
  // After start: a pause asked for while the worker starts is held until it is ready (supervisor.ts).
  const battery = watchBattery({
    power: electronPowerSource(),
    enabled: () => store.pauseOnBattery(),
    isPaused: () => trayState.worker === 'paused',
    pause: () => handlers.pause(),
    resume: () => handlers.resume(),
    warn: (message) => log.warn(message),
  });

  for (const name of windowsAtStart(store.view())) windows.open(name);
}

void main();
