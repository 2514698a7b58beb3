/**
 * The few Electron capabilities the main-process logic needs, as small interfaces. electron-adapters.ts
 * implements them with Electron; the unit tests with plain Node (tests/support/memory-utility-process.ts).
 */

/** A running utility process, as supervisor.ts uses it. */
export interface UtilityProcessLike {
  readonly pid: number | undefined;
  postMessage(message: unknown): void;
  onMessage(listener: (message: unknown) => void): void;
  /** Fires once, when the process has gone (crashed, killed or exited by itself). */
  onExit(listener: (code: number) => void): void;
  /** Raw stderr text; kept as a tail for the error a crash shows. */
  onStderr(listener: (chunk: string) => void): void;
  kill(): void;
}

export type SpawnWorker = () => UtilityProcessLike;

export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  after(ms: number, callback: () => void): TimerHandle;
}

/** safeStorage in production: seals the Supabase key with the OS keychain / DPAPI / libsecret. */
export interface SecretBox {
  isAvailable(): boolean;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

export interface TrayMenuItemModel {
  id:
    | 'state'
    | 'toggle-pause'
    | 'open-dashboard'
    | 'add-recordings'
    | 'open-settings'
    | 'open-logs'
    | 'start-at-login'
    | 'pause-on-battery'
    | 'quit';
  label: string;
  enabled: boolean;
  /** Present for checkbox items. */
  checked?: boolean;
}

export type TrayIcon = 'idle' | 'working' | 'paused' | 'error';

export interface TrayModel {
  icon: TrayIcon;
  tooltip: string;
  menu: TrayMenuItemModel[];
}

export interface TrayLike {
  show(model: TrayModel): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  after(ms, callback) {
    const timer = setTimeout(callback, ms);
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * Electron's powerSaveBlocker: start('prevent-app-suspension') returns an id and keeps the system from
 * sleeping (the screen may still turn off) until stop(id).
 */
export interface PowerSaveBlockerLike {
  start(type: 'prevent-app-suspension'): number;
  stop(id: number): void;
}

/** A desktop notification (Electron's Notification: new Notification({ title, body }).show()). */
export interface NotifierLike {
  notify(title: string, body: string): void;
}

/**
 * Electron's powerMonitor as the battery rule needs it: isOnBatteryPower(), and the 'on-battery' and
 * 'on-ac' events when the power source changes.
 */
export interface PowerSourceLike {
  isOnBatteryPower(): boolean;
  on(event: 'on-battery' | 'on-ac', listener: () => void): void;
}
