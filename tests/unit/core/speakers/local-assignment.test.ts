import { describe, expect, it } from 'vitest';

import { assignLocalSpeakers } from '../../../../electron/core/speakers/diarization/local-assignment.js';
import { l2Normalise } from '../../../../electron/core/speakers/vectors.js';

const unit = (...values: number[]): Float32Array => l2Normalise(Float32Array.from(values));

describe('assignLocalSpeakers', () => {
  it('never gives two people of one chunk the same label, even when both resemble it most', () => {
    const centroids = [unit(1, 0, 0), unit(0, 1, 0)];
    const mapping = assignLocalSpeakers([unit(1, 0.2, 0), unit(1, 0.5, 0)], centroids);
    expect(mapping).toEqual([0, 1]);
  });

  it('leaves a local speaker without an embedding unassigned', () => {
    expect(assignLocalSpeakers([null, unit(0, 1, 0)], [unit(1, 0, 0), unit(0, 1, 0)])).toEqual([null, 1]);
  });

  it('leaves the weakest local speaker out when there are fewer speakers than local voices', () => {
    expect(assignLocalSpeakers([unit(0, 1, 0), unit(1, 0, 0)], [unit(1, 0, 0)])).toEqual([null, 0]);
  });
});
