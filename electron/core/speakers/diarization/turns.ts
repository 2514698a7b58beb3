import type { SpeakerActivity } from './activity.js';
import { segmentationFrameCentreSec, segmentationFrameSamples } from './segmentation.js';

export const frameStepSec = segmentationFrameSamples / 16_000;

/** Start time of a global segmentation frame (its centre minus half a step). */
export function frameStartSec(frame: number): number {
  return segmentationFrameCentreSec - frameStepSec / 2 + frame * frameStepSec;
}

/** The frame whose span holds `timeSec`. */
export function frameAt(timeSec: number): number {
  return Math.max(0, Math.floor((timeSec - segmentationFrameCentreSec + frameStepSec / 2) / frameStepSec));
}

export interface SpeakerTurn {
  speaker: number;
  start: number;
  end: number;
}

export interface TimeSpan {
  start: number;
  end: number;
}

/** Each speaker's continuous runs of activity, in time order. */
export function speakerTurns(activity: SpeakerActivity): SpeakerTurn[] {
  const turns: SpeakerTurn[] = [];
  const { frameCount, speakerCount, active } = activity;
  for (let speaker = 0; speaker < speakerCount; speaker++) {
    let runStart = -1;
    for (let g = 0; g <= frameCount; g++) {
      const on = g < frameCount && active[g * speakerCount + speaker] === 1;
      if (on && runStart < 0) runStart = g;
      if (!on && runStart >= 0) {
        turns.push({ speaker, start: frameStartSec(runStart), end: frameStartSec(g) });
        runStart = -1;
      }
    }
  }
  return turns.sort((a, b) => a.start - b.start || a.speaker - b.speaker);
}

/** Spans where two or more speakers talk at once. */
export function overlapSpans(activity: SpeakerActivity): TimeSpan[] {
  const spans: TimeSpan[] = [];
  const { frameCount, speakerCount, active } = activity;
  let runStart = -1;
  for (let g = 0; g <= frameCount; g++) {
    let talking = 0;
    for (let k = 0; k < speakerCount && g < frameCount; k++) talking += active[g * speakerCount + k] ?? 0;
    if (talking >= 2 && runStart < 0) runStart = g;
    if (talking < 2 && runStart >= 0) {
      spans.push({ start: frameStartSec(runStart), end: frameStartSec(g) });
      runStart = -1;
    }
  }
  return spans;
}
