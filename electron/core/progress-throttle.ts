import type { Stage } from '../contract/stages.js';

/**
 * Lets through at most one progress report per interval for a meeting, but always the first report of
 * a stage and its completion, so that views never miss a stage boundary. A repeat of the last report
 * (a stage that reports its own end, then the pipeline marking it done) is dropped.
 */
export function createProgressThrottle(
  minIntervalMs: number,
  forward: (stage: Stage, fraction: number) => void,
  now: () => number = () => performance.now(),
): (stage: Stage, fraction: number) => void {
  let lastStage: Stage | null = null;
  let lastAt = -Infinity;
  let lastFraction = -1;
  return (stage, fraction) => {
    if (stage === lastStage && fraction === lastFraction) return;
    const boundary = stage !== lastStage || fraction >= 1;
    if (!boundary && now() - lastAt < minIntervalMs) return;
    lastStage = stage;
    lastAt = now();
    lastFraction = fraction;
    forward(stage, Math.max(0, Math.min(1, fraction)));
  };
}
