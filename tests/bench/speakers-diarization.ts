import { execFileSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { PcmFile } from '../../electron/core/audio/pcm-file.js';
import { scanChunkSpeakers, type ChunkSpeakers } from '../../electron/core/speakers/diarization/chunk-scan.js';
import type { SpeakerCountRules } from '../../electron/core/speakers/diarization/count-rules.js';
import { diarizeChunks, type Diarization } from '../../electron/core/speakers/diarization/diarize.js';
import type { SpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { meetingRttm } from '../../electron/core/speakers/rttm.js';

import { diarizationError, parseRttm, readRttm, type DiarizationError, type LabelledTurn } from './speakers-scoring.js';

export const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;

/** One dev recording, scanned once by the speaker models (the slow half of diarization). */
export interface ScannedRecording {
  name: string;
  wav: string;
  /** Real meeting audio with a human reference, or a simulated conversation (speakers-simulated.ts). */
  kind: 'real' | 'simulated';
  pcm: PcmFile;
  chunks: ChunkSpeakers[];
  reference: LabelledTurn[];
  referenceCount: number;
  scanSec: number;
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

export interface RecordingSource {
  name: string;
  wav: string;
  rttm: string;
  kind: ScannedRecording['kind'];
}

/** The dev set's real recordings, by name (../shared/data/diarization). */
export function realRecording(dataDir: string, name: string): RecordingSource {
  const base = path.join(dataDir, 'diarization', name);
  return { name, wav: `${base}.wav`, rttm: `${base}.rttm`, kind: 'real' };
}

export async function scanRecording(
  source: RecordingSource,
  pcmDir: string,
  engine: SpeakerEngine,
): Promise<ScannedRecording> {
  const { name, wav, kind } = source;
  const pcm = decodeToPcm(wav, path.join(pcmDir, `${name}.f32`));
  const started = performance.now();
  const chunks = await scanChunkSpeakers(pcm, engine, {
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });
  const scanSec = (performance.now() - started) / 1000;
  const reference = readRttm(source.rttm);
  const referenceCount = new Set(reference.map((t) => t.speaker)).size;
  return { name, wav, kind, pcm, chunks, reference, referenceCount, scanSec };
}

/** The turns as the speaker stage puts them into the meeting result (labels, millisecond times). */
function stageTurns(result: Diarization): LabelledTurn[] {
  const round = (t: number): number => Math.round(t * 1000) / 1000;
  return hypothesisTurns(result).map((t) => ({ ...t, start: round(t.start), end: round(t.end) }));
}

export function hypothesisTurns(result: Diarization): LabelledTurn[] {
  return result.turns.map((t) => ({ speaker: result.labels[t.speaker] ?? '', start: t.start, end: t.end }));
}

export interface ScoredRun {
  plain: DiarizationError[];
  collar: DiarizationError[];
  /** The product's RTTM export (rttm.ts) of the same result, read back and scored with the collar. */
  exported: DiarizationError[];
  /** Per recording, in order: whether the count without reference help was exact. */
  exactEach: boolean[];
  exact: number;
  /** Per recording, in order: the diarization itself (for the words' speakers). */
  results: Diarization[];
  /** Wall time of the whole speaker stage: the scan plus this clustering. */
  wallSec: number;
  audioSec: number;
}

export function pooled(errors: readonly DiarizationError[]): DiarizationError {
  const sum = (pick: (e: DiarizationError) => number): number => errors.reduce((n, e) => n + pick(e), 0);
  const total = sum((e) => e.total);
  const [missed, falseAlarm, confusion] = [sum((e) => e.missed), sum((e) => e.falseAlarm), sum((e) => e.confusion)];
  return { total, missed, falseAlarm, confusion, der: (missed + falseAlarm + confusion) / total, mapping: new Map() };
}

/**
 * Clusters every scanned recording with one setting and scores it against the RTTM. `rules` moves the
 * count's hand-set numbers (count-rules.ts; default the product's); `quiet` leaves out the line per recording.
 */
export function scoreSetting(
  recordings: readonly ScannedRecording[],
  engine: SpeakerEngine,
  setting: { threshold: number; hinted: boolean; rules?: SpeakerCountRules; quiet?: boolean },
): ScoredRun {
  const run: ScoredRun = {
    plain: [],
    collar: [],
    exported: [],
    exactEach: [],
    exact: 0,
    results: [],
    wallSec: 0,
    audioSec: 0,
  };
  for (const recording of recordings) {
    const started = performance.now();
    const count = recording.referenceCount;
    const result = diarizeChunks(recording.chunks, recording.pcm.sampleCount, engine.embedder.modelId, {
      bounds: setting.hinted ? { min: count, max: count } : { min: 1, max: 20 },
      anchors: [],
      threshold: setting.threshold,
      voiceScore: engine.voiceScore,
      ...(setting.rules === undefined ? {} : { rules: setting.rules }),
    });
    const wallSec = recording.scanSec + (performance.now() - started) / 1000;
    const hypothesis = hypothesisTurns(result);
    const duration = recording.pcm.durationSec;
    const plain = diarizationError(recording.reference, hypothesis, duration, 0);
    const collar = diarizationError(recording.reference, hypothesis, duration, 0.25);
    const rttm = meetingRttm(recording.name, { turns: stageTurns(result), segments: [] });
    // BENCH_RTTM_DIR keeps the exports, for a second scorer (tools/check_der_scorer.py).
    const keep = process.env['BENCH_RTTM_DIR'];
    if (keep !== undefined && !setting.hinted) writeFileSync(path.join(keep, `${recording.name}.rttm`), rttm);
    const exported = parseRttm(rttm);
    run.plain.push(plain);
    run.collar.push(collar);
    run.exported.push(diarizationError(recording.reference, exported, duration, 0.25));
    run.exactEach.push(count === result.labels.length);
    run.results.push(result);
    run.exact += count === result.labels.length ? 1 : 0;
    run.wallSec += wallSec;
    run.audioSec += duration;
    if (setting.quiet !== true)
      console.log(
        `${recording.name.padEnd(24)} speakers ref ${String(count)} hyp ${String(result.labels.length)}  DER ${pct(plain.der)}` +
          ` (miss ${pct(plain.missed / plain.total)}, FA ${pct(plain.falseAlarm / plain.total)}, conf ${pct(plain.confusion / plain.total)})` +
          `  collar ${pct(collar.der)}  RTF ${(wallSec / duration).toFixed(3)}`,
      );
  }
  return run;
}

function derLine(name: string, e: DiarizationError): string {
  return `  DER ${name.padEnd(22)} ${pct(e.der)}  missed ${pct(e.missed / e.total)}  false alarm ${pct(e.falseAlarm / e.total)}  confusion ${pct(e.confusion / e.total)}`;
}

/** Pooled figures of one setting: all recordings, then real and simulated apart. */
export function reportSetting(title: string, run: ScoredRun, recordings: readonly ScannedRecording[]): void {
  const minutes = (run.audioSec / 60).toFixed(1);
  console.log(`\n${title}: pooled over ${String(recordings.length)} recordings (${minutes} min)`);
  console.log(derLine('no collar', pooled(run.plain)));
  console.log(derLine('0.25 s collar', pooled(run.collar)));
  for (const kind of ['real', 'simulated'] as const) {
    const pick = recordings.map((r) => r.kind === kind);
    const n = pick.filter(Boolean).length;
    if (n === 0 || n === recordings.length) continue;
    const seconds = recordings.reduce((sum, r, i) => sum + (pick[i] ? r.pcm.durationSec : 0), 0);
    const exact = run.exactEach.filter((ok, i) => ok && pick[i]).length;
    console.log(
      derLine(
        `collar, ${kind} (${String(n)}, ${(seconds / 60).toFixed(1)} min)`,
        pooled(run.collar.filter((_, i) => pick[i])),
      ) + `  count exact ${String(exact)}/${String(n)}`,
    );
  }
  console.log(`  DER of the exported RTTM (rttm.ts, read back), 0.25 s collar: ${pct(pooled(run.exported).der)}`);
  console.log(`  speaker count exact: ${String(run.exact)}/${String(recordings.length)}`);
  console.log(
    `  speaker stages: RTF ${(run.wallSec / run.audioSec).toFixed(3)} (${(run.audioSec / run.wallSec).toFixed(1)}x real time)`,
  );
}
