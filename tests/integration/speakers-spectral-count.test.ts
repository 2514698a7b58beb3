import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { readPcmWindow } from '../../electron/core/audio/pcm-file.js';
import { clusterEmbeddings } from '../../electron/core/speakers/diarization/clustering.js';
import { computeFbank, selectWithMeanNormalisation } from '../../electron/core/speakers/diarization/fbank.js';
import { spectralGroups } from '../../electron/core/speakers/diarization/spectral-clusters.js';
import { clusteringThreshold } from '../../electron/core/speakers/identification/thresholds.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/models/model-files.js';
import { decodeToPcm } from '../bench/speakers-diarization.js';
import { sharedDir } from '../support/shared-data.js';

/** Three LibriSpeech readers (train-clean-100, CC-BY-4.0), 13–16 s each. */
const readers = ['1040-133433-0000', '1069-133699-0000', '1098-133695-0000'];
const turnSec = 3;
const turnsEach = 4;
const workDir = mkdtempSync(path.join(os.tmpdir(), 'pcw-spectral-count-'));

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Each reader's clip cut into 3 s turns, each turn embedded by CAM++: real voices, known speakers. */
async function readerTurns(): Promise<Float32Array[]> {
  const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
  const turns: Float32Array[] = [];
  for (const reader of readers) {
    const clip = path.join(sharedDir, 'data', 'asr', 'audio', 'en', 'librispeech-train-clean-100', `${reader}.flac`);
    const pcm = decodeToPcm(clip, path.join(workDir, `${reader}.f32`));
    for (let t = 0; t < turnsEach; t++) {
      const samples = await readPcmWindow(pcm, t * turnSec * 16_000, turnSec * 16_000);
      const fbank = computeFbank(samples, engine.embedder.fbank);
      const frames = Array.from({ length: fbank.frameCount }, (_, f) => f);
      turns.push(await engine.embedder.embed(selectWithMeanNormalisation(fbank, frames)));
    }
  }
  return turns;
}

let embedded: Promise<Float32Array[]> | undefined;
const turnsOnce = (): Promise<Float32Array[]> => (embedded ??= readerTurns());

const byReader = (labels: readonly number[]): number[][] =>
  readers.map((_, r) => labels.slice(r * turnsEach, (r + 1) * turnsEach));

describe('spectral clustering on real CAM++ voices', () => {
  it('finds the three readers from the eigengap alone, each reader whole, as agglomerative does', async () => {
    const turns = await turnsOnce();
    const labels = new Array<number>(turns.length).fill(-1);
    spectralGroups(turns, { min: 1, max: 20 }).forEach((members, k) => members.forEach((i) => (labels[i] = k)));
    expect(new Set(labels).size).toBe(3);
    for (const own of byReader(labels)) expect(new Set(own).size).toBe(1);
    const agglomerative = clusterEmbeddings(turns, { threshold: clusteringThreshold, bounds: { min: 1, max: 20 } });
    expect(new Set(agglomerative).size).toBe(3);
  });

  it("keeps one reader's turns in one group", async () => {
    const turns = (await turnsOnce()).slice(0, turnsEach);
    expect(spectralGroups(turns, { min: 1, max: 20 })).toHaveLength(1);
  });
});
