/**
 * The optional "pause on battery" rule: with it on, the worker pauses when the computer runs on battery
 * (Whisper keeps the CPU busy for as long as the meeting lasts) and resumes when it is plugged in again,
 * but only if it was this rule that paused it: a pause the person chose stays.
 */
import type { PowerSourceLike } from './ports.js';

export interface BatteryPausePorts {
  power: PowerSourceLike;
  enabled(): boolean;
  /** Whether the worker is paused now (by anyone). */
  isPaused(): boolean;
  pause(): Promise<void>;
  resume(): Promise<void>;
  warn(message: string): void;
}

export interface BatteryPause {
  /** After the setting changed: applies it to the power source of the moment. */
  settingChanged(): void;
  /** Whether the worker is paused by this rule (the tray says why). */
  readonly pausedForBattery: boolean;
}

export function watchBattery(ports: BatteryPausePorts): BatteryPause {
  let pausedForBattery = false;
  const failed = (what: string) => (error: unknown) => ports.warn(`${what} failed: ${(error as Error).message}`);

  const apply = (): void => {
    const shouldPause = ports.enabled() && ports.power.isOnBatteryPower();
    if (shouldPause && !pausedForBattery && !ports.isPaused()) {
      pausedForBattery = true;
      ports.pause().catch(failed('Pausing on battery'));
    } else if (!shouldPause && pausedForBattery) {
      pausedForBattery = false;
      ports.resume().catch(failed('Resuming on mains power'));
    }
  };
  ports.power.on('on-battery', apply);
  ports.power.on('on-ac', apply);
  apply();
  return {
    settingChanged: apply,
    get pausedForBattery() {
      return pausedForBattery;
    },
  };
}
