/**
 * What the shell does around each meeting the worker processes: keeps the computer from sleeping while
 * any meeting is in work (a sleeping PC would stall the meeting and let its lease expire), and tells the
 * person once when a meeting is done or has failed. No notification while the worker is paused (a person
 * who paused it asked for quiet); a meeting handed back or retried later is not news.
 */
import type { WorkerEvent } from '../contract/events.js';

import type { NotifierLike, PowerSaveBlockerLike } from './ports.js';

export interface MeetingWatchPorts {
  blocker: PowerSaveBlockerLike;
  notifier: NotifierLike;
}

export interface MeetingWatch {
  /** Every event of the supervisor (the worker's, and its own worker-state on a crash or restart). */
  onEvent(event: WorkerEvent): void;
  /** Whether the sleep blocker is held. */
  readonly keepingAwake: boolean;
}

/** States in which no meeting is in work: the worker crashed, is (re)starting or has stopped. */
const noMeetingStates = new Set(['error', 'starting', 'stopped']);

export function createMeetingWatch({ blocker, notifier }: MeetingWatchPorts): MeetingWatch {
  const titles = new Map<string, string>();
  const notified = new Set<string>();
  let blockerId: number | null = null;
  let paused = false;

  const holdAwake = (): void => {
    if (titles.size > 0 && blockerId === null) blockerId = blocker.start('prevent-app-suspension');
    if (titles.size === 0 && blockerId !== null) {
      blocker.stop(blockerId);
      blockerId = null;
    }
  };

  const finish = (event: Extract<WorkerEvent, { type: 'meeting-finished' }>): void => {
    const title = titles.get(event.meetingId) ?? 'A meeting';
    titles.delete(event.meetingId);
    holdAwake();
    if (paused || notified.has(event.meetingId)) return;
    if (event.outcome === 'completed') notifier.notify('Meeting transcribed', title);
    else if (event.outcome === 'failed')
      notifier.notify('Meeting failed', `${title}: ${event.message ?? 'no reason given'}`);
    else return;
    notified.add(event.meetingId);
  };

  return {
    onEvent(event) {
      if (event.type === 'worker-state') {
        paused = event.state === 'paused';
        if (noMeetingStates.has(event.state)) {
          titles.clear();
          holdAwake();
        }
      }
      if (event.type === 'meeting-claimed') {
        titles.set(event.meetingId, event.title ?? 'A meeting');
        holdAwake();
      }
      if (event.type === 'meeting-finished') finish(event);
    },
    get keepingAwake() {
      return blockerId !== null;
    },
  };
}
