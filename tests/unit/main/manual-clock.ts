import type { Clock } from '../../../electron/main/ports.js';

/** A Clock whose time moves only when the test says so: backoff delays become exact. */
export interface ManualClock extends Clock {
  advance(ms: number): void;
  pendingTimers(): number[];
}

export function createManualClock(start = 1_000_000): ManualClock {
  let now = start;
  let timers: Array<{ at: number; callback: () => void }> = [];
  return {
    now: () => now,
    after(ms, callback) {
      const timer = { at: now + ms, callback };
      timers.push(timer);
      return { cancel: () => (timers = timers.filter((entry) => entry !== timer)) };
    },
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = until;
    },
    pendingTimers: () => timers.map((timer) => timer.at - now),
  };
}

/** Lets queued IPC deliveries (setImmediate) and promise reactions run. */
export async function settle(turns = 10): Promise<void> {
  for (let turn = 0; turn < turns; turn++) await new Promise((resolve) => setImmediate(resolve));
}
