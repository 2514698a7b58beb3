import type { CurrentMeeting, WorkerSnapshot } from '../../electron/contract/api.js';
import type { WorkerEvent } from '../../electron/contract/events.js';
import { stageNames } from '../../electron/contract/stages.js';

const maxLogLines = 1000;

function withProgress(
  meeting: CurrentMeeting,
  event: WorkerEvent & { type: 'meeting-progress' },
  now: string,
): CurrentMeeting {
  const index = meeting.stages.findIndex((entry) => entry.stage === event.stage);
  return {
    ...meeting,
    stages: meeting.stages.map((entry, position) => {
      if (position < index && entry.endedAt === null)
        return { ...entry, progress: 1, startedAt: entry.startedAt ?? now, endedAt: now };
      if (position !== index) return entry;
      return {
        ...entry,
        startedAt: entry.startedAt ?? now,
        progress: Math.max(entry.progress, event.progress),
        endedAt: event.progress >= 1 ? (entry.endedAt ?? now) : entry.endedAt,
      };
    }),
  };
}

/** Applies one live event to the last snapshot, as the worker's own live view does (core/dashboard/live-state.ts). */
export function applyEvent(
  snapshot: WorkerSnapshot,
  event: WorkerEvent,
  now = new Date().toISOString(),
): WorkerSnapshot {
  switch (event.type) {
    case 'worker-state':
      return { ...snapshot, state: event.state, detail: event.detail ?? null };
    case 'system-info':
      return { ...snapshot, system: event.info };
    case 'meeting-claimed': {
      const stages = stageNames
        .filter((stage) => stage !== 'queued')
        .map((stage) => ({ stage, progress: 0, startedAt: null, endedAt: null }));
      const fresh: CurrentMeeting = {
        id: event.meetingId,
        title: event.title,
        attempt: event.attempt,
        startedAt: now,
        stages,
        segments: [],
      };
      return { ...snapshot, current: [...snapshot.current.filter((m) => m.id !== event.meetingId), fresh] };
    }
    case 'meeting-progress':
      return {
        ...snapshot,
        current: snapshot.current.map((m) => (m.id === event.meetingId ? withProgress(m, event, now) : m)),
      };
    case 'meeting-segment':
      return {
        ...snapshot,
        current: snapshot.current.map((m) =>
          m.id === event.meetingId ? { ...m, segments: [...m.segments, event.segment] } : m,
        ),
      };
    case 'meeting-finished':
      return { ...snapshot, current: snapshot.current.filter((m) => m.id !== event.meetingId) };
    case 'log': {
      const line = { time: event.time, level: event.level, logger: event.logger, message: event.message };
      return { ...snapshot, logs: [...snapshot.logs, line].slice(-maxLogLines) };
    }
  }
}
