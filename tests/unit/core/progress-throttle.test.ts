import { describe, expect, it } from 'vitest';

import type { Stage } from '../../../electron/contract/stages.js';
import { createProgressThrottle } from '../../../electron/core/progress-throttle.js';

describe('createProgressThrottle', () => {
  it('keeps stage starts and ends, thins the reports between, and drops an exact repeat', () => {
    let clock = 0;
    const forwarded: [Stage, number][] = [];
    const report = createProgressThrottle(
      250,
      (stage, fraction) => forwarded.push([stage, fraction]),
      () => clock,
    );
    report('transcribe', 0);
    clock = 100;
    report('transcribe', 0.2); // too soon
    clock = 300;
    report('transcribe', 0.5);
    clock = 310;
    report('transcribe', 1); // the stage's own end
    report('transcribe', 1); // the pipeline marking it done
    report('diarize', 0);
    expect(forwarded).toEqual([
      ['transcribe', 0],
      ['transcribe', 0.5],
      ['transcribe', 1],
      ['diarize', 0],
    ]);
  });
});
