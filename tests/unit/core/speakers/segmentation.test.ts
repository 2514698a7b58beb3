import { describe, expect, it } from 'vitest';

import {
  chunkSamples,
  powersetToActivity,
  segmentationFrameCount,
} from '../../../../electron/core/speakers/diarization/segmentation.js';
import { readSpeakerModels } from '../../../../electron/core/speakers/models/model-files.js';
import { openOnnxSession, runFloat32 } from '../../../../electron/core/speakers/models/onnx-session.js';
import { openSpeakerSegmenter } from '../../../../electron/core/speakers/models/segmenter.js';

import { float32Values, int16Samples, readTestVector, speakerModelDir } from './model-testvectors.js';

interface SegmentationVector {
  waveform: { data: string; padded_num_samples: number };
  log_probs: string;
  argmax: number[];
}

const members = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]];

describe('openSpeakerSegmenter', () => {
  it("reproduces PyTorch's powerset decisions on real AMI audio, frame for frame", async () => {
    const vector = readTestVector('pyannote-segmentation-3.0') as SegmentationVector;
    const models = await readSpeakerModels(speakerModelDir);
    const segmenter = await openSpeakerSegmenter(models.segmentation, { threads: 1, gpu: null });
    const activity = await segmenter.segment(int16Samples(vector.waveform.data, vector.waveform.padded_num_samples));
    expect(activity.frameCount).toBe(589);
    const expected = new Uint8Array(589 * 3);
    vector.argmax.forEach((cls, frame) => (members[cls] ?? []).forEach((s) => (expected[frame * 3 + s] = 1)));
    expect(Array.from(activity.active)).toEqual(Array.from(expected));
  });

  it('gives the PyTorch class probabilities to 1e-3', async () => {
    const vector = readTestVector('pyannote-segmentation-3.0') as SegmentationVector;
    const models = await readSpeakerModels(speakerModelDir);
    const session = await openOnnxSession(models.segmentation, { threads: 1, gpu: null });
    const waveform = int16Samples(vector.waveform.data, vector.waveform.padded_num_samples);
    const output = await runFloat32(
      session,
      { name: 'waveform', data: waveform, dims: [1, 1, waveform.length] },
      'log_probs',
    );
    const expected = float32Values(vector.log_probs);
    expect(output.data).toHaveLength(expected.length);
    let worst = 0;
    expected.forEach(
      (value, i) => (worst = Math.max(worst, Math.abs(Math.exp(value) - Math.exp(output.data[i] ?? NaN)))),
    );
    expect(worst).toBeLessThan(1e-3);
  });

  it('turns the two-speaker powerset classes into overlapped activity', () => {
    const logProbs = float32Values((readTestVector('pyannote-segmentation-3.0') as SegmentationVector).log_probs);
    const frames = logProbs.length / 7;
    const overlapped = new Float32Array(7).fill(-10);
    overlapped[4] = 0;
    expect(Array.from(powersetToActivity(overlapped, 1).active)).toEqual([1, 1, 0]);
    expect(powersetToActivity(logProbs, frames).frameCount).toBe(segmentationFrameCount(chunkSamples));
  });

  it('hears, with a per-speaker threshold, a quiet voice the argmax calls silence', () => {
    // Silence 0.55, A alone 0.30, A with B 0.15: silence wins the argmax, yet A talks with probability 0.45.
    const frame = Float32Array.from([0.55, 0.3, 1e-6, 1e-6, 0.15, 1e-6, 1e-6].map(Math.log));
    expect(Array.from(powersetToActivity(frame, 1).active)).toEqual([0, 0, 0]);
    expect(Array.from(powersetToActivity(frame, 1, 0.4).active)).toEqual([1, 0, 0]);
    expect(Array.from(powersetToActivity(frame, 1, 0.1).active)).toEqual([1, 1, 0]);
  });

  it('agrees with the argmax at 0.5 on real AMI audio the model calls silent, and hears more below', () => {
    const vector = readTestVector('pyannote-segmentation-3.0') as SegmentationVector;
    const logProbs = float32Values(vector.log_probs);
    const frames = logProbs.length / 7;
    const talking = (threshold?: number): number =>
      powersetToActivity(logProbs, frames, threshold).active.reduce((n, x) => n + x, 0);
    expect(talking()).toBe(0);
    expect(talking(0.5)).toBe(0);
    expect(talking(0.001)).toBeGreaterThan(talking(0.01));
    expect(talking(0.01)).toBeGreaterThanOrEqual(talking(0.5));
  });
});
