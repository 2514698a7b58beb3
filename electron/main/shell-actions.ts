/**
 * What the shell does on a tray click, at start and at quit, over small ports, so that index.ts only
 * wires Electron to it and the behaviour is tested in plain Node.
 */
import type { SettingsView } from '../contract/api.js';

import type { TrayMenuItemModel } from './ports.js';
import type { TrayState } from './tray-state.js';
import type { WindowName } from './windows.js';

export interface ShellPorts {
  openWindow(name: WindowName): void;
  openLogsFolder(): void;
  /** Saves the preference, tells the OS and redraws the tray. */
  setStartAtLogin(enabled: boolean): void;
  /** Saves the preference, applies it to the power source of the moment and redraws the tray. */
  setPauseOnBattery(enabled: boolean): void;
  pause(): Promise<void>;
  /** The file dialog, then the worker (recording-intake.ts). */
  addRecordings(): Promise<void>;
  /** Also restarts a worker that was given up after a crash loop (worker-api-handlers.ts). */
  resume(): Promise<void>;
  quit(): void;
  warn(message: string): void;
}

export function onTrayClick(
  state: () => TrayState,
  ports: ShellPorts,
): (id: TrayMenuItemModel['id'], checked: boolean) => void {
  return (id, checked) => {
    switch (id) {
      case 'toggle-pause': {
        // The menu offers Resume while paused and after an error (trayModel), Pause otherwise.
        const worker = state().worker;
        const action = worker === 'paused' || worker === 'error' ? ports.resume() : ports.pause();
        action.catch((error: unknown) => ports.warn(`Tray ${id} failed: ${(error as Error).message}`));
        return;
      }
      case 'open-dashboard':
        ports.openWindow('dashboard');
        return;
      case 'add-recordings':
        ports
          .addRecordings()
          .catch((error: unknown) => ports.warn(`Adding recordings failed: ${(error as Error).message}`));
        return;
      case 'open-settings':
        ports.openWindow('settings');
        return;
      case 'open-logs':
        ports.openLogsFolder();
        return;
      case 'start-at-login':
        ports.setStartAtLogin(checked);
        return;
      case 'pause-on-battery':
        ports.setPauseOnBattery(checked);
        return;
      case 'quit':
        ports.quit();
        return;
      case 'state':
        return;
    }
  };
}

/** The settings window opens at start when nothing is configured yet, or when saved settings need fixing. */
export function windowsAtStart(view: Pick<SettingsView, 'firstRun' | 'storedProblems'>): WindowName[] {
  // A first run asks for the mode; saved settings that no longer validate show what is wrong.
  return view.firstRun || (view.storedProblems?.length ?? 0) > 0 ? ['settings'] : [];
}

/**
 * The app's before-quit handler: the first quit is held until the worker has finished or handed back
 * its meetings (their leases released, so no meeting waits for a lease to expire), then the app exits.
 */
export function quitAfterWorker(
  shutdownWorker: () => Promise<void>,
  exit: () => void,
  warn: (message: string) => void,
): (event: { preventDefault(): void }) => void {
  let quitting = false;
  return (event) => {
    if (quitting) return;
    quitting = true;
    event.preventDefault();
    shutdownWorker()
      .catch((error: unknown) => warn(`The worker did not stop cleanly: ${(error as Error).message}`))
      .finally(exit);
  };
}
