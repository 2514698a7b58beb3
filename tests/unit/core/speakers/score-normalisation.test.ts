import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  normalisedVoiceScore,
  readSpeakerCohort,
  type SpeakerCohort,
} from '../../../../electron/core/speakers/identification/score-normalisation.js';
import { defaultSpeakerModelDir } from '../../../../electron/core/speakers/models/model-files.js';
import { cosine, l2Normalise } from '../../../../electron/core/speakers/vectors.js';

const voice = (...values: number[]): Float32Array => l2Normalise(Float32Array.from(values));
const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-cohort-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('normalisedVoiceScore', () => {
  const cohort: SpeakerCohort = {
    model: 'm',
    embeddings: [voice(1, 0, 0, 0), voice(0, 1, 0, 0), voice(0.7, 0.7, 0, 0), voice(0.6, 0.8, 0, 0)],
  };
  const score = normalisedVoiceScore(cohort);

  it('is symmetric', () => {
    const [a, b] = [voice(1, 0.2, 0.3, 0), voice(0.1, 0.1, 1, 0)];
    expect(score(a, b)).toBeCloseTo(score(b, a), 10);
  });

  it('rates equally close pairs higher when the voices resemble the cohort less', () => {
    // Both pairs have cosine 0.8; the second lies off the cohort's plane, as far-field voices do.
    const common = score(voice(1, 0, 0, 0), voice(0.8, 0.6, 0, 0));
    const unusual = score(voice(0, 0, 1, 0), voice(0, 0, 0.8, 0.6));
    expect(cosine(voice(0, 0, 1, 0), voice(0, 0, 0.8, 0.6))).toBeCloseTo(0.8, 6);
    expect(unusual).toBeGreaterThan(common);
  });
});

describe('readSpeakerCohort', () => {
  it('reads the bundled cohort of the shipped embedding model', async () => {
    const cohort = await readSpeakerCohort(defaultSpeakerModelDir(), 'campplus-zh-en');
    expect(cohort.embeddings.length).toBeGreaterThan(100);
    expect(cohort.embeddings.every((e) => e.length === 192)).toBe(true);
  });

  it('refuses a cohort made with another model, whose scores would mean nothing', async () => {
    mkdirSync(path.join(dir, 'cohort'));
    writeFileSync(path.join(dir, 'cohort', 'x.json'), JSON.stringify({ model: 'y', embeddings: [[1], [0]] }));
    await expect(readSpeakerCohort(dir, 'x')).rejects.toThrow(/not one of x/);
  });
});
