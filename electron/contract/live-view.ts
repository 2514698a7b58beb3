import type { CurrentMeeting, StageProgress, WorkerSnapshot } from './api.js';
import type { WorkerEvent } from './events.js';
import { stageNames, type Stage } from './stages.js';

/**
 * The part of a snapshot that the event stream alone keeps current (the queue is read, not folded).
 * The worker folds its own events into one for the snapshot it serves; a window folds the same events
 * into the snapshot it loaded. One reducer for both, so the two can never disagree.
 */
export type LiveView = Pick<WorkerSnapshot, 'state' | 'detail' | 'system' | 'current' | 'logs'>;

/** How much of the log a view keeps; the files keep everything. */
export const liveLogLines = 500;

export const initialLiveView: LiveView = { state: 'starting', detail: null, system: null, current: [], logs: [] };

/** The stages a view draws a bar for ('queued' is not work). */
export const progressStages: readonly Stage[] = stageNames.filter((stage) => stage !== 'queued');

function freshStages(): StageProgress[] {
  return progressStages.map((stage) => ({ stage, progress: 0, startedAt: null, endedAt: null }));
}

/** A stage reached means every earlier one is over (a skipped stage reports nothing). */
function withProgress(meeting: CurrentMeeting, stage: Stage, progress: number, now: string): CurrentMeeting {
  const index = meeting.stages.findIndex((entry) => entry.stage === stage);
  return {
    ...meeting,
    stages: meeting.stages.map((entry, position) => {
      if (position < index && entry.endedAt === null)
        return { ...entry, progress: 1, startedAt: entry.startedAt ?? now, endedAt: now };
      if (position !== index) return entry;
      return {
        ...entry,
        startedAt: entry.startedAt ?? now,
        progress: Math.max(entry.progress, progress),
        endedAt: progress >= 1 ? (entry.endedAt ?? now) : entry.endedAt,
      };
    }),
  };
}

function updateMeeting<V extends LiveView>(
  view: V,
  id: string,
  change: (meeting: CurrentMeeting) => CurrentMeeting,
): V {
  return { ...view, current: view.current.map((meeting) => (meeting.id === id ? change(meeting) : meeting)) };
}

/** A worker's log line as people read it (the dashboard, main.log): the message, then its fields. */
export function logText(event: Extract<WorkerEvent, { type: 'log' }>): string {
  return event.fields === undefined ? event.message : `${event.message} | ${event.fields}`;
}

/**
 * Folds one worker event into a view (pure: returns a new view, never changes the old one). `now` is
 * when the event arrived (ISO), which stamps the start and end of stages.
 */
export function applyWorkerEvent<V extends LiveView>(view: V, event: WorkerEvent, now: string): V {
  switch (event.type) {
    case 'worker-state':
      return { ...view, state: event.state, detail: event.detail ?? null };
    case 'system-info':
      return { ...view, system: event.info };
    case 'preparation':
      return view.state === 'starting' ? { ...view, detail: event.detail } : view;
    case 'meeting-claimed': {
      const claimed: CurrentMeeting = {
        id: event.meetingId,
        title: event.title,
        attempt: event.attempt,
        startedAt: now,
        stages: freshStages(),
        segments: [],
      };
      return { ...view, current: [...view.current.filter((m) => m.id !== event.meetingId), claimed] };
    }
    case 'meeting-progress':
      return updateMeeting(view, event.meetingId, (m) => withProgress(m, event.stage, event.progress, now));
    case 'meeting-segment':
      return updateMeeting(view, event.meetingId, (m) => ({ ...m, segments: [...m.segments, event.segment] }));
    case 'meeting-length':
      return updateMeeting(view, event.meetingId, (m) => ({ ...m, durationSec: event.durationSec }));
    case 'meeting-finished':
      return { ...view, current: view.current.filter((m) => m.id !== event.meetingId) };
    case 'log': {
      const line = { time: event.time, level: event.level, logger: event.logger, message: logText(event) };
      return { ...view, logs: [...view.logs, line].slice(-liveLogLines) };
    }
  }
}
