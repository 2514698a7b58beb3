/**
 * The ports of ports.ts, implemented with Electron. With index.ts, the only code that touches Electron
 * objects; everything else in main is tested in plain Node.
 */
import {
  dialog,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  safeStorage,
  Tray,
  utilityProcess,
} from 'electron';

import { recordingExtensions } from '../contract/recordings.js';

import type {
  NotifierLike,
  PowerSaveBlockerLike,
  PowerSourceLike,
  SecretBox,
  SpawnWorker,
  TrayLike,
  TrayMenuItemModel,
  UtilityProcessLike,
} from './ports.js';
import type { RecordingPicker } from './recording-intake.js';
import { secretBoxFrom, secureStorageProblem } from './secret-box.js';
import { trayIconFile } from './tray-icons.js';

export function spawnUtilityWorker(entry: string, env: Record<string, string>): SpawnWorker {
  return (): UtilityProcessLike => {
    // worker-env.ts: main's environment minus a deny-list; the settings (and the key) travel in `init`.
    const child = utilityProcess.fork(entry, [], { serviceName: 'PC Worker engine', stdio: 'pipe', env });
    return {
      get pid() {
        return child.pid;
      },
      postMessage: (message) => child.postMessage(message),
      onMessage: (listener) => child.on('message', listener),
      onExit: (listener) => child.once('exit', listener),
      onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString('utf8'))),
      kill: () => {
        child.kill();
      },
    };
  };
}

export const electronPowerSaveBlocker: PowerSaveBlockerLike = {
  start: (type) => powerSaveBlocker.start(type),
  stop: (id) => {
    powerSaveBlocker.stop(id);
  },
};

/** Notifications where the OS supports them (Linux needs a notification server). */
export const electronNotifier: NotifierLike = {
  notify(title, body) {
    if (Notification.isSupported()) new Notification({ title, body }).show();
  },
};

/** powerMonitor may be used only once the app is ready: called from main() after whenReady. */
export function electronPowerSource(): PowerSourceLike {
  return {
    isOnBatteryPower: () => powerMonitor.isOnBatteryPower(),
    on: (event, listener) => {
      if (event === 'on-battery') powerMonitor.on('on-battery', listener);
      else powerMonitor.on('on-ac', listener);
    },
  };
}

export const electronSecretBox: SecretBox = secretBoxFrom(safeStorage, process.platform);

/** Why keys cannot be saved safely here (logged at start), or null. */
export const electronSecureStorageProblem = (): string | null => secureStorageProblem(safeStorage, process.platform);

export function createElectronTray(
  iconsDir: string,
  onClick: (id: TrayMenuItemModel['id'], checked: boolean) => void,
): TrayLike {
  let tray: Tray | null = null;
  return {
    show(model) {
      const image = nativeImage.createFromPath(trayIconFile(iconsDir, model.icon, process.platform));
      if (process.platform === 'darwin') image.setTemplateImage(true);
      tray ??= new Tray(image);
      tray.setImage(image);
      tray.setToolTip(model.tooltip);
      const template = model.menu.flatMap((item, index) => {
        const entry: Electron.MenuItemConstructorOptions = {
          label: item.label,
          enabled: item.enabled,
          click: (menuItem) => onClick(item.id, menuItem.checked),
          ...(item.checked === undefined ? {} : { type: 'checkbox' as const, checked: item.checked }),
        };
        const startsGroup = item.id === 'toggle-pause' || item.id === 'start-at-login' || item.id === 'quit';
        return index > 0 && startsGroup ? [{ type: 'separator' as const }, entry] : [entry];
      });
      tray.setContextMenu(Menu.buildFromTemplate(template));
    },
  };
}

export const electronRecordingPicker: RecordingPicker = {
  async pickRecordings() {
    const chosen = await dialog.showOpenDialog({
      title: 'Add recordings',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Recordings', extensions: [...recordingExtensions] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    return chosen.canceled ? [] : chosen.filePaths;
  },
};
