import { describe, expect, it } from 'vitest';

import type { StageProgress } from '../../../electron/contract/api.js';
import { stageTiming, stageTimingText } from '../../../renderer/components/stage-timing.js';

const at = (second: number) => new Date(Date.UTC(2026, 0, 5, 9, 0, second)).toISOString();
const stage = (progress: number, startedAt: string | null, endedAt: string | null = null): StageProgress => ({
  stage: 'transcribe',
  progress,
  startedAt,
  endedAt,
});
const text = (progress: StageProgress, now: string) => stageTimingText(stageTiming(progress, now));

describe('stage elapsed time and ETA', () => {
  it('says waiting before a stage starts', () => {
    expect(text(stage(0, null), at(10))).toEqual({ elapsed: 'waiting', eta: '' });
  });

  it('estimates the time left from the rate so far', () => {
    // 40 % in 20 s: 30 s to go at that rate
    expect(stageTiming(stage(0.4, at(0)), at(20))).toEqual({ phase: 'running', elapsedSec: 20, etaSec: 30 });
    expect(text(stage(0.4, at(0)), at(20))).toEqual({ elapsed: '0:20', eta: 'ETA 0:30' });
    expect(text(stage(0.5, at(0)), at(125))).toEqual({ elapsed: '2:05', eta: 'ETA 2:05' });
  });

  it('says "—" until there is enough progress and time to estimate', () => {
    expect(text(stage(0, at(0)), at(30))).toEqual({ elapsed: '0:30', eta: 'ETA —' });
    expect(text(stage(0.04, at(0)), at(30)).eta).toBe('ETA —');
    // a fast first report (model already warm) is not yet a rate
    expect(text(stage(0.5, at(0)), at(1)).eta).toBe('ETA —');
    expect(text(stage(0.05, at(0)), at(2)).eta).toBe('ETA 0:38');
  });

  it('shows how long a finished stage took', () => {
    expect(text(stage(1, at(0), at(7)), at(60))).toEqual({ elapsed: '0:07', eta: 'done' });
  });
});
