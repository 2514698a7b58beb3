/**
 * `npm run bench:speakers`: diarization error on ../shared/data/diarization, speaker-count accuracy,
 * speaker-verification EER and the voiceprint thresholds' error rates on same-speaker/pairs.tsv,
 * real-time factor and peak memory of the speaker stages. Prints the floors of
 * ../shared/peers/RESULTS.md beside them. `--thresholds 0.4,0.5` sweeps the clustering threshold.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { diarize } from '../../electron/core/speakers/diarize.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/speaker-engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/speaker-models.js';
import { clusteringThreshold, voiceprintThresholds } from '../../electron/core/speakers/speaker-thresholds.js';

import { equalErrorRate, operatingPoint, scorePairs } from './speakers-pairs.js';
import { diarizationError, readRttm, type DiarizationError } from './speakers-scoring.js';

const dataDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');
const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

interface Totals {
  plain: DiarizationError[];
  collar: DiarizationError[];
  exact: number;
  audioSec: number;
  wallSec: number;
}

function pooled(errors: readonly DiarizationError[]): DiarizationError {
  const sum = (pick: (e: DiarizationError) => number): number => errors.reduce((n, e) => n + pick(e), 0);
  const total = sum((e) => e.total);
  const [missed, falseAlarm, confusion] = [sum((e) => e.missed), sum((e) => e.falseAlarm), sum((e) => e.confusion)];
  return { total, missed, falseAlarm, confusion, der: (missed + falseAlarm + confusion) / total };
}

function recordings(): string[] {
  const rows = readFileSync(path.join(dataDir, 'diarization', 'index.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return rows.map((row) => path.basename(row.split('\t')[0] ?? '', '.wav'));
}

async function diarizeAll(threshold: number, pcmDir: string): Promise<Totals> {
  const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
  const totals: Totals = { plain: [], collar: [], exact: 0, audioSec: 0, wallSec: 0 };
  for (const name of recordings()) {
    const wav = path.join(dataDir, 'diarization', `${name}.wav`);
    const pcmPath = path.join(pcmDir, `${name}.f32`);
    execFileSync('/usr/bin/ffmpeg', [
      '-y',
      '-loglevel',
      'error',
      '-i',
      wav,
      '-ac',
      '1',
      '-ar',
      '16000',
      '-f',
      'f32le',
      pcmPath,
    ]);
    const sampleCount = statSync(pcmPath).size / 4;
    const durationSec = sampleCount / 16_000;
    const started = performance.now();
    const result = await diarize({ path: pcmPath, sampleCount, durationSec }, engine, {
      bounds: { min: 1, max: 20 },
      anchors: [],
      threshold,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const wallSec = (performance.now() - started) / 1000;
    const hypothesis = result.turns.map((t) => ({
      speaker: result.labels[t.speaker] ?? '',
      start: t.start,
      end: t.end,
    }));
    const reference = readRttm(path.join(dataDir, 'diarization', `${name}.rttm`));
    const plain = diarizationError(reference, hypothesis, durationSec, 0);
    const collar = diarizationError(reference, hypothesis, durationSec, 0.25);
    const refCount = new Set(reference.map((t) => t.speaker)).size;
    totals.plain.push(plain);
    totals.collar.push(collar);
    totals.exact += refCount === result.labels.length ? 1 : 0;
    totals.audioSec += durationSec;
    totals.wallSec += wallSec;
    console.log(
      `${name.padEnd(24)} speakers ref ${String(refCount)} hyp ${String(result.labels.length)}  DER ${pct(plain.der)}` +
        ` (miss ${pct(plain.missed / plain.total)}, FA ${pct(plain.falseAlarm / plain.total)}, conf ${pct(plain.confusion / plain.total)})` +
        `  collar ${pct(collar.der)}  RTF ${(wallSec / durationSec).toFixed(3)}`,
    );
  }
  return totals;
}

function report(threshold: number, totals: Totals, count: number): void {
  const plain = pooled(totals.plain);
  const collar = pooled(totals.collar);
  console.log(
    `\nclustering threshold ${String(threshold)}: pooled over ${String(count)} recordings (${totals.audioSec.toFixed(0)} s)`,
  );
  for (const [name, e] of [
    ['no collar', plain],
    ['0.25 s collar', collar],
  ] as const) {
    console.log(
      `  DER ${name.padEnd(14)} ${pct(e.der)}  missed ${pct(e.missed / e.total)}  false alarm ${pct(e.falseAlarm / e.total)}  confusion ${pct(e.confusion / e.total)}`,
    );
  }
  console.log(`  speaker count exact: ${String(totals.exact)}/${String(count)}`);
  console.log(
    `  speaker stages: RTF ${(totals.wallSec / totals.audioSec).toFixed(3)} (${(totals.audioSec / totals.wallSec).toFixed(1)}x real time)`,
  );
}

async function verification(): Promise<void> {
  const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
  const pairs = await scorePairs(dataDir, engine.embedder);
  const eer = equalErrorRate(pairs);
  console.log(`\nspeaker verification on same-speaker/pairs.tsv (${String(pairs.length)} pairs)`);
  console.log(`  EER ${pct(eer.eer)} at cosine ${eer.threshold.toFixed(3)}  (floor: log-mel statistics 20.0 %)`);
  const cross = pairs.filter((p) => !p.same || p.kind.startsWith('cross-recording'));
  for (const [name, threshold] of [
    ['auto', voiceprintThresholds.auto],
    ['suggest', voiceprintThresholds.suggest],
  ] as const) {
    const all = operatingPoint(pairs, threshold);
    const crossOnly = operatingPoint(cross, threshold);
    console.log(
      `  ${name.padEnd(7)} >= ${threshold.toFixed(2)}: false accept ${pct(all.falseAccept)}, false reject ${pct(all.falseReject)} (cross-recording positives only: ${pct(crossOnly.falseReject)})`,
    );
  }
  const negatives = pairs.filter((p) => !p.same).map((p) => p.score);
  console.log(`  highest different-speaker score ${Math.max(...negatives).toFixed(3)}`);
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
  for (const threshold of thresholds) report(threshold, await diarizeAll(threshold, pcmDir), recordings().length);
  if (!process.argv.includes('--no-pairs')) await verification();
} finally {
  rmSync(pcmDir, { recursive: true, force: true });
}
console.log(
  `\npeak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (this process: Node + both speaker models + bench)`,
);
console.log(
  'floors (../shared/peers/RESULTS.md): one speaker per VAD region DER 45.9 % with collar, 54.8 % without, count 0/10; log-mel EER 20.0 %',
);
console.log('peer senko: not run (pip pulls CUDA torch wheels; see report)');
console.log(
  `load average after: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`,
);
