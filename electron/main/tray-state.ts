import type { WorkerEvent, WorkerState } from '../contract/events.js';
import type { Stage } from '../contract/stages.js';

import type { TrayIcon, TrayModel } from './ports.js';

export interface TrayState {
  worker: WorkerState;
  detail: string | null;
  /** The meeting the label names (the first claimed when several run). */
  current: { id: string; title: string | null; stage: Stage; progress: number } | null;
}

export const initialTrayState: TrayState = { worker: 'starting', detail: null, current: null };

/** Share of a meeting's wall time each stage takes (transcription dominates), so the % moves evenly. */
const stageWeights: Record<Stage, number> = {
  queued: 0,
  download: 0.05,
  decode: 0.05,
  transcribe: 0.7,
  diarize: 0.1,
  identify: 0.03,
  summarize: 0.04,
  save: 0.03,
};
const stageOrder = Object.keys(stageWeights) as Stage[];

export function overallProgress(stage: Stage, progress: number): number {
  const index = stageOrder.indexOf(stage);
  const before = stageOrder.slice(0, index).reduce((sum, name) => sum + stageWeights[name], 0);
  return Math.min(1, before + stageWeights[stage] * progress);
}

/** Folds one worker event into the tray's state (pure). */
export function applyTrayEvent(state: TrayState, event: WorkerEvent): TrayState {
  switch (event.type) {
    case 'worker-state':
      return {
        ...state,
        worker: event.state,
        detail: event.detail ?? null,
        current: event.state === 'working' ? state.current : null,
      };
    case 'preparation':
      return state.worker === 'starting' ? { ...state, detail: event.detail } : state;
    case 'meeting-claimed':
      if (state.current !== null) return state;
      return { ...state, current: { id: event.meetingId, title: event.title, stage: 'queued', progress: 0 } };
    case 'meeting-progress':
      if (state.current?.id !== event.meetingId) return state;
      return { ...state, current: { ...state.current, stage: event.stage, progress: event.progress } };
    case 'meeting-finished':
      return state.current?.id === event.meetingId ? { ...state, current: null } : state;
    default:
      return state;
  }
}

type Look = { icon: TrayIcon; label: string };

function look(state: TrayState): Look {
  switch (state.worker) {
    case 'working': {
      const current = state.current;
      if (current === null) return { icon: 'working', label: 'Working' };
      const percent = Math.round(overallProgress(current.stage, current.progress) * 100);
      return { icon: 'working', label: `Working on "${current.title ?? 'untitled meeting'}" ${percent}%` };
    }
    case 'paused':
      return { icon: 'paused', label: 'Paused' };
    case 'error':
      return { icon: 'error', label: `Error: ${state.detail ?? 'see the log'}` };
    case 'stopping':
    case 'stopped':
      return { icon: 'error', label: 'Offline' };
    case 'starting':
      return { icon: 'idle', label: state.detail === null ? 'Starting…' : `Starting: ${state.detail}` };
    case 'idle':
      return { icon: 'idle', label: 'Idle, waiting for meetings' };
  }
}

/** Tray menus show one line; a long title or error is cut so the menu stays readable. */
const maxLabelChars = 70;
const clip = (text: string) => (text.length > maxLabelChars ? `${text.slice(0, maxLabelChars - 1)}…` : text);

/** `localMode`: the worker runs the embedded queue, so recordings can be added from this computer. */
export function trayModel(
  state: TrayState,
  preferences: { startAtLogin: boolean; pauseOnBattery?: boolean; localMode?: boolean },
): TrayModel {
  const { icon, label } = look(state);
  const paused = state.worker === 'paused';
  const canToggle = state.worker !== 'stopping' && state.worker !== 'stopped';
  return {
    icon,
    tooltip: `PC Worker: ${label}`,
    menu: [
      { id: 'state', label: clip(label), enabled: false },
      { id: 'toggle-pause', label: paused || state.worker === 'error' ? 'Resume' : 'Pause', enabled: canToggle },
      { id: 'open-dashboard', label: 'Open dashboard', enabled: true },
      ...(preferences.localMode === true
        ? [{ id: 'add-recordings' as const, label: 'Add recordings…', enabled: canToggle }]
        : []),
      { id: 'open-settings', label: 'Settings…', enabled: true },
      { id: 'open-logs', label: 'Open logs folder', enabled: true },
      { id: 'start-at-login', label: 'Start at login', enabled: true, checked: preferences.startAtLogin },
      {
        id: 'pause-on-battery',
        label: 'Pause on battery',
        enabled: true,
        checked: preferences.pauseOnBattery ?? false,
      },
      { id: 'quit', label: 'Quit PC Worker', enabled: true },
    ],
  };
}
