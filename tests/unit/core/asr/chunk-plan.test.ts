import { describe, expect, it } from 'vitest';

import { planChunks } from '../../../../electron/core/asr/chunk-plan.js';

const frameSec = 0.032;

/** Speech probabilities per 32 ms frame: `speaking(second)` decides each frame. */
function probabilities(seconds: number, speaking: (second: number) => boolean): Float32Array {
  return Float32Array.from({ length: Math.ceil(seconds / frameSec) }, (_, frame) =>
    speaking(frame * frameSec) ? 0.9 : 0.05,
  );
}

describe('planChunks', () => {
  it('packs nearby speech regions into one window', () => {
    const regions = [
      { startSec: 1, endSec: 5 },
      { startSec: 6, endSec: 12 },
    ];
    expect(
      planChunks(
        regions,
        probabilities(13, () => true),
      ),
    ).toEqual([{ startSec: 1, endSec: 12 }]);
  });

  it('starts a new window after a long pause, so silence is never sent to Whisper', () => {
    const regions = [
      { startSec: 0, endSec: 10 },
      { startSec: 40, endSec: 50 },
    ];
    const chunks = planChunks(
      regions,
      probabilities(50, () => true),
    );
    expect(chunks).toEqual(regions);
  });

  it('never makes a window longer than 30 s and covers continuous speech without gaps', () => {
    const chunks = planChunks(
      [{ startSec: 0, endSec: 95 }],
      probabilities(95, () => true),
    );
    for (const chunk of chunks) expect(chunk.endSec - chunk.startSec).toBeLessThanOrEqual(30);
    expect(chunks[0]?.startSec).toBe(0);
    expect(chunks.at(-1)?.endSec).toBe(95);
    for (let index = 1; index < chunks.length; index += 1)
      expect(chunks[index]?.startSec).toBe(chunks[index - 1]?.endSec);
  });

  it('cuts a long region at its least speech-like moment instead of in a word', () => {
    const pauseAt = 26.5;
    const chunks = planChunks(
      [{ startSec: 0, endSec: 50 }],
      probabilities(50, (second) => Math.abs(second - pauseAt) > 0.1),
    );
    expect(chunks[0]?.endSec).toBeCloseTo(pauseAt, 0);
  });

  it('plans nothing when nothing was said', () => {
    expect(
      planChunks(
        [],
        probabilities(60, () => false),
      ),
    ).toEqual([]);
  });
});
