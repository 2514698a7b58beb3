import { describe, expect, it } from 'vitest';

import { speechRegions } from '../../../../electron/core/audio/vad-regions.js';

const frameSec = 0.032;
function frames(seconds: number, probability: (second: number) => number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds / frameSec) }, (_, frame) => probability(frame * frameSec));
}

describe('speechRegions', () => {
  it('finds one padded region around speech', () => {
    const regions = speechRegions(
      frames(10, (second) => (second >= 2 && second < 6 ? 0.9 : 0.02)),
      10,
    );
    expect(regions).toHaveLength(1);
    expect(regions[0]?.startSec).toBeCloseTo(1.8, 1);
    expect(regions[0]?.endSec).toBeCloseTo(6.2, 1);
  });

  it('keeps speech going through probabilities between the off and on thresholds (hysteresis)', () => {
    const regions = speechRegions(
      frames(10, (second) => (second < 2 ? 0.02 : second < 4 ? 0.9 : second < 6 ? 0.4 : 0.02)),
      10,
    );
    expect(regions).toHaveLength(1);
    expect(regions[0]?.endSec).toBeCloseTo(6.2, 1);
  });

  it('drops blips shorter than the minimum speech duration', () => {
    expect(
      speechRegions(
        frames(10, (second) => (second >= 5 && second < 5.1 ? 0.95 : 0.01)),
        10,
      ),
    ).toEqual([]);
  });

  it('bridges short pauses and splits at long ones', () => {
    const speaking = (second: number): number =>
      second < 3 || (second >= 3.2 && second < 5) || second >= 8 ? 0.9 : 0.01;
    const regions = speechRegions(frames(10, speaking), 10);
    expect(regions.map((region) => [Math.round(region.startSec), Math.round(region.endSec)])).toEqual([
      [0, 5],
      [8, 10],
    ]);
  });
});
