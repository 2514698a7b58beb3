import { availableParallelism } from 'node:os';

import { clusteringThreshold } from '../../electron/core/speakers/identification/thresholds.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir, readSpeakerModels } from '../../electron/core/speakers/models/model-files.js';
import { openSpeakerSegmenter } from '../../electron/core/speakers/models/segmenter.js';

import {
  pct,
  pooled,
  reportSetting,
  scanRecording,
  scoreSetting,
  type ScannedRecording,
} from './speakers-diarization.js';
import { partSources } from './speakers-parts.js';
import type { Part } from './speakers-simulated.js';

/**
 * Where the miss comes from on far-field audio: the part scanned again with each segmentation
 * decision (`argmax`, the product's, or a per-speaker probability threshold; segmentation.ts), a row
 * each with DER and its parts, real and simulated apart. Slow: one scan of the models per value.
 */
export async function speechThresholdSweep(
  dataDir: string,
  part: Part,
  simCount: number,
  pcmDir: string,
  values: readonly string[],
): Promise<void> {
  const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
  const models = await readSpeakerModels(defaultSpeakerModelDir());
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  console.log(`\n-- ${part}: segmentation decision sweep`);
  const rows: string[] = [];
  for (const value of values) {
    const threshold = value === 'argmax' ? undefined : Number(value);
    const segmenter = await openSpeakerSegmenter(models.segmentation, { threads, gpu: null }, threshold);
    const recordings: ScannedRecording[] = [];
    for (const source of partSources(dataDir, part, simCount))
      recordings.push(await scanRecording(source, pcmDir, { ...engine, segmenter }));
    const run = scoreSetting(recordings, engine, { threshold: clusteringThreshold, hinted: false });
    reportSetting(`${part}: segmentation ${value}`, run, recordings);
    const parts = (errors: typeof run.collar): string => {
      if (errors.length === 0) return 'none';
      const e = pooled(errors);
      return `${pct(e.der)} (miss ${pct(e.missed / e.total)}, FA ${pct(e.falseAlarm / e.total)}, conf ${pct(e.confusion / e.total)})`;
    };
    const ofKind = (kind: ScannedRecording['kind']) => run.collar.filter((_, i) => recordings[i]?.kind === kind);
    rows.push(
      `${value} | ${parts(run.collar)} | real ${parts(ofKind('real'))} | sim ${parts(ofKind('simulated'))} | count ${String(run.exact)}/${String(recordings.length)}`,
    );
  }
  console.log('\nsegmentation | DER collar, all | real | simulated | count exact');
  for (const row of rows) console.log(row);
}
