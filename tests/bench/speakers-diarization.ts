import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import type { PcmFile } from '../../electron/core/audio/pcm-file.js';
import { scanChunkSpeakers, type ChunkSpeakers } from '../../electron/core/speakers/diarization/chunk-scan.js';
import { diarizeChunks, type Diarization } from '../../electron/core/speakers/diarization/diarize.js';
import type { SpeakerEngine } from '../../electron/core/speakers/models/engine.js';

import { diarizationError, readRttm, type DiarizationError, type LabelledTurn } from './speakers-scoring.js';

export const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** One dev recording, scanned once by the speaker models (the slow half of diarization). */
export interface ScannedRecording {
  name: string;
  pcm: PcmFile;
  chunks: ChunkSpeakers[];
  reference: LabelledTurn[];
  referenceCount: number;
  scanSec: number;
}

export function recordingNames(dataDir: string): string[] {
  const rows = readFileSync(path.join(dataDir, 'diarization', 'index.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return rows.map((row) => path.basename(row.split('\t')[0] ?? '', '.wav'));
}

export function decodeToPcm(wav: string, pcmPath: string): PcmFile {
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
  return { path: pcmPath, sampleCount, durationSec: sampleCount / 16_000 };
}

export async function scanRecording(
  dataDir: string,
  name: string,
  pcmDir: string,
  engine: SpeakerEngine,
): Promise<ScannedRecording> {
  const pcm = decodeToPcm(path.join(dataDir, 'diarization', `${name}.wav`), path.join(pcmDir, `${name}.f32`));
  const started = performance.now();
  const chunks = await scanChunkSpeakers(pcm, engine, {
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
  const scanSec = (performance.now() - started) / 1000;
  const reference = readRttm(path.join(dataDir, 'diarization', `${name}.rttm`));
  return { name, pcm, chunks, reference, referenceCount: new Set(reference.map((t) => t.speaker)).size, scanSec };
}

export function hypothesisTurns(result: Diarization): LabelledTurn[] {
  return result.turns.map((t) => ({ speaker: result.labels[t.speaker] ?? '', start: t.start, end: t.end }));
}

export interface ScoredRun {
  plain: DiarizationError[];
  collar: DiarizationError[];
  exact: number;
  /** Wall time of the whole speaker stage: the scan plus this clustering. */
  wallSec: number;
  audioSec: number;
}

export function pooled(errors: readonly DiarizationError[]): DiarizationError {
  const sum = (pick: (e: DiarizationError) => number): number => errors.reduce((n, e) => n + pick(e), 0);
  const total = sum((e) => e.total);
  const [missed, falseAlarm, confusion] = [sum((e) => e.missed), sum((e) => e.falseAlarm), sum((e) => e.confusion)];
  return { total, missed, falseAlarm, confusion, der: (missed + falseAlarm + confusion) / total };
}

/** Clusters every scanned recording with one setting and scores it against the RTTM. */
export function scoreSetting(
  recordings: readonly ScannedRecording[],
  engine: SpeakerEngine,
  setting: { threshold: number; hinted: boolean },
): ScoredRun {
  const run: ScoredRun = { plain: [], collar: [], exact: 0, wallSec: 0, audioSec: 0 };
  for (const recording of recordings) {
    const started = performance.now();
    const count = recording.referenceCount;
    const result = diarizeChunks(recording.chunks, recording.pcm.sampleCount, engine.embedder.modelId, {
      bounds: setting.hinted ? { min: count, max: count } : { min: 1, max: 20 },
      anchors: [],
      threshold: setting.threshold,
      voiceScore: engine.voiceScore,
    });
    const wallSec = recording.scanSec + (performance.now() - started) / 1000;
    const hypothesis = hypothesisTurns(result);
    const duration = recording.pcm.durationSec;
    const plain = diarizationError(recording.reference, hypothesis, duration, 0);
    const collar = diarizationError(recording.reference, hypothesis, duration, 0.25);
    run.plain.push(plain);
    run.collar.push(collar);
    run.exact += count === result.labels.length ? 1 : 0;
    run.wallSec += wallSec;
    run.audioSec += duration;
    console.log(
      `${recording.name.padEnd(24)} speakers ref ${String(count)} hyp ${String(result.labels.length)}  DER ${pct(plain.der)}` +
        ` (miss ${pct(plain.missed / plain.total)}, FA ${pct(plain.falseAlarm / plain.total)}, conf ${pct(plain.confusion / plain.total)})` +
        `  collar ${pct(collar.der)}  RTF ${(wallSec / duration).toFixed(3)}`,
    );
  }
  return run;
}

export function reportSetting(title: string, run: ScoredRun, count: number): void {
  console.log(`\n${title}: pooled over ${String(count)} recordings (${run.audioSec.toFixed(0)} s)`);
  for (const [name, e] of [
    ['no collar', pooled(run.plain)],
    ['0.25 s collar', pooled(run.collar)],
  ] as const) {
    console.log(
      `  DER ${name.padEnd(14)} ${pct(e.der)}  missed ${pct(e.missed / e.total)}  false alarm ${pct(e.falseAlarm / e.total)}  confusion ${pct(e.confusion / e.total)}`,
    );
  }
  console.log(`  speaker count exact: ${String(run.exact)}/${String(count)}`);
  console.log(
    `  speaker stages: RTF ${(run.wallSec / run.audioSec).toFixed(3)} (${(run.audioSec / run.wallSec).toFixed(1)}x real time)`,
  );
}
