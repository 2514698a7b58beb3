import type { CurrentMeeting, LogLine, StageProgress } from '../../contract/api.js';
import type { SystemInfo, WorkerEvent, WorkerState } from '../../contract/events.js';
import { stageNames, type Stage } from '../../contract/stages.js';

/** The stages a dashboard draws a bar for ('queued' is not work). */
const shownStages = stageNames.filter((stage) => stage !== 'queued');
const maxLogLines = 500;

export interface LiveView {
  state: WorkerState;
  detail: string | null;
  system: SystemInfo | null;
  current: CurrentMeeting[];
  logs: LogLine[];
}

export interface LiveState {
  apply(event: WorkerEvent): void;
  view(): LiveView;
}

function freshStages(): StageProgress[] {
  return shownStages.map((stage) => ({ stage, progress: 0, startedAt: null, endedAt: null }));
}

/** A stage reached means every earlier one is over (some stages report nothing when they are skipped). */
function advance(meeting: CurrentMeeting, stage: Stage, progress: number, now: string): void {
  const index = meeting.stages.findIndex((entry) => entry.stage === stage);
  meeting.stages.forEach((entry, position) => {
    if (position < index && entry.endedAt === null) {
      entry.progress = 1;
      entry.startedAt ??= now;
      entry.endedAt = now;
    }
  });
  const entry = meeting.stages[index];
  if (entry === undefined) return;
  entry.startedAt ??= now;
  entry.progress = Math.max(entry.progress, progress);
  if (progress >= 1) entry.endedAt ??= now;
}

/**
 * Folds the worker's event stream into what a freshly opened window needs: state, hardware, the
 * meetings in progress (per-stage progress, transcript so far) and a tail of the log.
 */
export function createLiveState(now: () => Date = () => new Date()): LiveState {
  const view: LiveView = { state: 'starting', detail: null, system: null, current: [], logs: [] };
  const find = (id: string) => view.current.find((meeting) => meeting.id === id);

  return {
    apply(event) {
      const time = now().toISOString();
      switch (event.type) {
        case 'worker-state':
          view.state = event.state;
          view.detail = event.detail ?? null;
          return;
        case 'system-info':
          view.system = event.info;
          return;
        case 'meeting-claimed':
          view.current = view.current.filter((meeting) => meeting.id !== event.meetingId);
          view.current.push({
            id: event.meetingId,
            title: event.title,
            attempt: event.attempt,
            startedAt: time,
            stages: freshStages(),
            segments: [],
          });
          return;
        case 'meeting-progress': {
          const meeting = find(event.meetingId);
          if (meeting !== undefined) advance(meeting, event.stage, event.progress, time);
          return;
        }
        case 'meeting-segment':
          find(event.meetingId)?.segments.push(event.segment);
          return;
        case 'meeting-finished':
          view.current = view.current.filter((meeting) => meeting.id !== event.meetingId);
          return;
        case 'log':
          view.logs.push({ time: event.time, level: event.level, logger: event.logger, message: event.message });
          if (view.logs.length > maxLogLines) view.logs.splice(0, view.logs.length - maxLogLines);
          return;
      }
    },
    view: () => structuredClone(view),
  };
}
