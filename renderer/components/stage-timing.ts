import type { StageProgress } from '../../electron/contract/api.js';

import { formatDuration, secondsBetween } from './format.js';

/**
 * An ETA from less than this much of a stage, or from its first seconds, swings wildly (model loading,
 * a first chunk that is all silence); until both are reached the view says "—".
 */
export const etaMinProgress = 0.05;
export const etaMinElapsedSec = 2;

export interface StageTiming {
  phase: 'waiting' | 'running' | 'done';
  elapsedSec: number | null;
  /** Seconds left at the rate so far; null while there is not enough to estimate. */
  etaSec: number | null;
}

/** Elapsed time of a stage and, while it runs, the time left if it keeps its rate so far. */
export function stageTiming(stage: StageProgress, now: string): StageTiming {
  if (stage.startedAt === null) return { phase: 'waiting', elapsedSec: null, etaSec: null };
  const elapsedSec = Math.max(0, secondsBetween(stage.startedAt, stage.endedAt ?? now) ?? 0);
  if (stage.endedAt !== null) return { phase: 'done', elapsedSec, etaSec: 0 };
  const enough = stage.progress >= etaMinProgress && elapsedSec >= etaMinElapsedSec;
  const etaSec = enough ? (elapsedSec * (1 - stage.progress)) / stage.progress : null;
  return { phase: 'running', elapsedSec, etaSec };
}

/** The two short texts a stage row shows: elapsed ("0:42") and the ETA ("0:15 left", "—"). */
export function stageTimingText(timing: StageTiming): { elapsed: string; eta: string } {
  switch (timing.phase) {
    case 'waiting':
      return { elapsed: 'waiting', eta: '' };
    case 'done':
      return { elapsed: formatDuration(timing.elapsedSec), eta: 'done' };
    case 'running':
      return {
        elapsed: formatDuration(timing.elapsedSec),
        eta: timing.etaSec === null ? 'ETA —' : `ETA ${formatDuration(timing.etaSec)}`,
      };
  }
}
