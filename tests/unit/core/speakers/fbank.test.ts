import { describe, expect, it } from 'vitest';

import {
  computeFbank,
  fbankFrameCount,
  selectWithMeanNormalisation,
} from '../../../../electron/core/speakers/diarization/fbank.js';
import { findHubSpeakerModel } from '../../../../electron/core/speakers/models/catalogue.js';

import { float32Values, int16Samples, readTestVector } from './model-testvectors.js';

interface CampplusVector {
  waveform: { data: string };
  fbank: { num_frames: number; feats: string; cmn_mean: number[]; raw_first_frame: number[]; raw_last_frame: number[] };
}

const vector = readTestVector('campplus-zh-en') as CampplusVector;
const samples = int16Samples(vector.waveform.data);

describe('computeFbank', () => {
  it("matches torchaudio's Kaldi fbank on real speech to 1e-3 in the log domain", () => {
    const fbank = computeFbank(samples);
    expect(fbank.frameCount).toBe(vector.fbank.num_frames);
    const first = Array.from(fbank.feats.subarray(0, 80));
    const last = Array.from(fbank.feats.subarray((fbank.frameCount - 1) * 80));
    first.forEach((value, m) => expect(Math.abs(value - (vector.fbank.raw_first_frame[m] ?? NaN))).toBeLessThan(1e-3));
    last.forEach((value, m) => expect(Math.abs(value - (vector.fbank.raw_last_frame[m] ?? NaN))).toBeLessThan(1e-3));
  });

  it('subtracts the per-bin mean like CAM++ training did', () => {
    const fbank = computeFbank(samples);
    const feats = selectWithMeanNormalisation(
      fbank,
      Array.from({ length: fbank.frameCount }, (_, i) => i),
    );
    const reference = float32Values(vector.fbank.feats);
    let worst = 0;
    reference.forEach((value, i) => (worst = Math.max(worst, Math.abs(value - (feats[i] ?? NaN)))));
    expect(worst).toBeLessThan(1e-3);
  });

  it("matches torchaudio's fbank with WeSpeaker's recipe (hamming window, int16 scale) to 1e-3", () => {
    const wespeaker = readTestVector('wespeaker-fbank') as {
      num_frames: number;
      raw_first_frame: number[];
      raw_last_frame: number[];
    };
    const recipe = findHubSpeakerModel('onnx-community/wespeaker-voxceleb-resnet34-LM')?.fbank;
    expect(recipe).toEqual({ window: 'hamming', sampleScale: 32768 });
    const fbank = computeFbank(samples, recipe ?? undefined);
    expect(fbank.frameCount).toBe(wespeaker.num_frames);
    const first = Array.from(fbank.feats.subarray(0, 80));
    const last = Array.from(fbank.feats.subarray((fbank.frameCount - 1) * 80));
    first.forEach((value, m) => expect(Math.abs(value - (wespeaker.raw_first_frame[m] ?? NaN))).toBeLessThan(1e-3));
    last.forEach((value, m) => expect(Math.abs(value - (wespeaker.raw_last_frame[m] ?? NaN))).toBeLessThan(1e-3));
  });

  it('counts frames like snip_edges: none below 25 ms, one per 10 ms after', () => {
    expect(fbankFrameCount(399)).toBe(0);
    expect(fbankFrameCount(400)).toBe(1);
    expect(fbankFrameCount(32_000)).toBe(198);
  });
});
