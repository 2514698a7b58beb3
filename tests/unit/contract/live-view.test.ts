import { describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../../electron/contract/events.js';
import {
  applyWorkerEvent,
  initialLiveView,
  liveLogLines,
  type LiveView,
} from '../../../electron/contract/live-view.js';

const meetingId = '6f1c2c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
const at = (second: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, second)).toISOString();

/** Folds events that arrive one second apart, starting at 09:00:00. */
function fold<V extends LiveView>(view: V, events: WorkerEvent[]): V {
  return events.reduce((current, event, index) => applyWorkerEvent(current, event, at(index)), view);
}

const claimed: WorkerEvent = { type: 'meeting-claimed', meetingId, title: 'Faculty meeting', attempt: 2 };

describe('live view (the one reducer of the worker and of every window)', () => {
  it('starts a claimed meeting with every stage waiting, in pipeline order', () => {
    const view = fold(initialLiveView, [claimed]);
    expect(view.current).toHaveLength(1);
    expect(view.current[0]).toMatchObject({ id: meetingId, title: 'Faculty meeting', attempt: 2, startedAt: at(0) });
    expect(view.current[0]?.stages.map((stage) => stage.stage)).toEqual([
      'download',
      'decode',
      'transcribe',
      'diarize',
      'identify',
      'summarize',
      'save',
    ]);
    expect(view.current[0]?.stages.every((stage) => stage.startedAt === null && stage.progress === 0)).toBe(true);
  });

  it('stamps stage starts and ends, closes skipped stages and never moves progress backwards', () => {
    const view = fold(initialLiveView, [
      claimed,
      { type: 'meeting-progress', meetingId, stage: 'download', progress: 0 },
      { type: 'meeting-progress', meetingId, stage: 'transcribe', progress: 0.5 },
      { type: 'meeting-progress', meetingId, stage: 'transcribe', progress: 0.25 },
      { type: 'meeting-progress', meetingId, stage: 'transcribe', progress: 1 },
    ]);
    const stages = Object.fromEntries(view.current[0]?.stages.map((stage) => [stage.stage, stage]) ?? []);
    expect(stages['download']).toEqual({ stage: 'download', progress: 1, startedAt: at(1), endedAt: at(2) });
    // decode reported nothing (a fast stage whose reports the throttle dropped): closed when transcribe began
    expect(stages['decode']).toEqual({ stage: 'decode', progress: 1, startedAt: at(2), endedAt: at(2) });
    expect(stages['transcribe']).toEqual({ stage: 'transcribe', progress: 1, startedAt: at(2), endedAt: at(4) });
    expect(stages['diarize']).toEqual({ stage: 'diarize', progress: 0, startedAt: null, endedAt: null });
  });

  it('collects the transcript as it is produced and drops the meeting when it finishes', () => {
    const segment = {
      start: 0,
      end: 2.5,
      text: 'He hoped there would be stew',
      speaker: null,
      speakerId: null,
      words: [],
    };
    const working = fold(initialLiveView, [claimed, { type: 'meeting-segment', meetingId, segment }]);
    expect(working.current[0]?.segments).toEqual([segment]);
    const done = applyWorkerEvent(working, { type: 'meeting-finished', meetingId, outcome: 'completed' }, at(9));
    expect(done.current).toEqual([]);
  });

  it('keeps the rest of a snapshot and leaves the view it was given unchanged', () => {
    const snapshot = { ...initialLiveView, workerId: 'desk-1', queueCounts: { pending: 3 } };
    const frozen = structuredClone(snapshot);
    const next = fold(snapshot, [claimed, { type: 'worker-state', state: 'working', detail: 'one meeting' }]);
    expect(next).toMatchObject({ workerId: 'desk-1', queueCounts: { pending: 3 }, state: 'working' });
    expect(next.detail).toBe('one meeting');
    expect(snapshot).toEqual(frozen);
  });

  it('keeps only the last lines of the log', () => {
    const lines: WorkerEvent[] = Array.from({ length: liveLogLines + 20 }, (_, index) => ({
      type: 'log',
      level: 'info',
      logger: 'pc-worker.worker',
      message: `line ${index}`,
      time: at(0),
    }));
    const view = fold(initialLiveView, lines);
    expect(view.logs).toHaveLength(liveLogLines);
    expect(view.logs[0]?.message).toBe('line 20');
    expect(view.logs.at(-1)?.message).toBe(`line ${liveLogLines + 19}`);
  });

  it("shows a log line's fields beside its message (the reason polling failed)", () => {
    const failed: WorkerEvent = {
      type: 'log',
      level: 'error',
      logger: 'pc-worker.worker',
      message: 'polling failed; will try again',
      fields: 'reason=fetch failed: connect ECONNREFUSED 127.0.0.1:54321',
      time: at(0),
    };
    expect(fold(initialLiveView, [failed]).logs[0]?.message).toBe(
      'polling failed; will try again | reason=fetch failed: connect ECONNREFUSED 127.0.0.1:54321',
    );
  });

  it('shows what the worker is preparing while it starts, and forgets it once running', () => {
    const detail = 'Downloading Xenova/whisper-tiny (onnx/encoder_model_quantized.onnx): 4.0 of 10.1 MB';
    const download: WorkerEvent = { type: 'preparation', step: 'download', detail, progress: 0.4 };
    const starting = fold(initialLiveView, [download]);
    expect(starting.detail).toBe(detail);
    const idle = fold(starting, [{ type: 'worker-state', state: 'idle' }, download]);
    expect(idle.detail).toBeNull();
  });
});
