import { describe, expect, it } from 'vitest';

import { planChunks } from '../../../../electron/core/asr/chunk-plan.js';

/** 100 ms RMS frames: `speech` loud frames, quiet ones elsewhere. */
function frames(seconds: number, loudAt: (second: number) => boolean): Float32Array {
  return Float32Array.from({ length: seconds * 10 }, (_, frame) => (loudAt(frame / 10) ? 0.1 : 0.001));
}

describe('planChunks', () => {
  it('keeps a short recording in one window', () => {
    expect(planChunks(frames(12, () => true))).toEqual([{ startSec: 0, endSec: 12 }]);
  });

  it('never makes a window longer than 30 s and covers continuous speech without gaps', () => {
    const chunks = planChunks(frames(95, () => true));
    for (const chunk of chunks) expect(chunk.endSec - chunk.startSec).toBeLessThanOrEqual(30);
    expect(chunks[0]?.startSec).toBe(0);
    expect(chunks.at(-1)?.endSec).toBeCloseTo(95);
    for (let index = 1; index < chunks.length; index += 1) {
      expect(chunks[index]?.startSec).toBeCloseTo(chunks[index - 1]?.endSec ?? -1);
    }
  });

  it('cuts at the pause near the end of a window instead of in the middle of a word', () => {
    const pauseAt = 26.5;
    const chunks = planChunks(frames(50, (second) => Math.abs(second - pauseAt) > 0.25));
    expect(chunks[0]?.endSec).toBeCloseTo(pauseAt + 0.1, 0);
  });

  it('leaves out windows that hold only silence, so Whisper is never asked to transcribe it', () => {
    const chunks = planChunks(frames(90, (second) => second < 20 || second > 70));
    expect(chunks.some((chunk) => chunk.startSec >= 25 && chunk.endSec <= 65)).toBe(false);
    expect(chunks.length).toBeGreaterThanOrEqual(2);
  });
});
