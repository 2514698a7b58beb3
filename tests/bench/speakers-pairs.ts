import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { SpeakerEmbedder } from '../../electron/core/speakers/diarization/embedding.js';
import { computeFbank, selectWithMeanNormalisation } from '../../electron/core/speakers/diarization/fbank.js';

import { readRttm, type LabelledTurn } from './speakers-scoring.js';

export interface ScoredPair {
  same: boolean;
  kind: string;
  score: number;
  /** Overlap-free speech in the shorter item of the pair, in seconds. */
  shorterCleanSec: number;
}

/** 16 kHz mono float samples of any file ffmpeg reads. */
export function decodeSamples(file: string): Float32Array {
  const bytes = execFileSync(
    '/usr/bin/ffmpeg',
    ['-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'],
    {
      maxBuffer: 1 << 30,
    },
  );
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4).slice();
}

/** `turns` minus every span in `others`. */
function subtractSpans(turns: readonly LabelledTurn[], others: readonly LabelledTurn[]): LabelledTurn[] {
  let pieces = [...turns];
  for (const other of others) {
    pieces = pieces.flatMap((piece) => {
      if (other.end <= piece.start || other.start >= piece.end) return [piece];
      return [
        { ...piece, end: other.start },
        { ...piece, start: other.end },
      ].filter((p) => p.end - p.start > 0.01);
    });
  }
  return pieces;
}

/** Diarization voiceprints prefer half a second of overlap-free speech too (diarization/chunk-scan.ts). */
const minOverlapFreeSec = 0.5;

/** An item's audio, and how much of it nobody else talks over. */
interface ItemSpeech {
  samples: Float32Array;
  cleanSec: number;
}

/**
 * `x.wav#LABEL` is LABEL's RTTM turns in x.wav, concatenated, without the parts where someone else
 * talks too (all turns if that leaves under half a second), as diarization builds voiceprints.
 */
export function itemSamples(dataDir: string, item: string): Float32Array {
  return itemSpeech(dataDir, item).samples;
}

function itemSpeech(dataDir: string, item: string): ItemSpeech {
  const [file = '', label] = item.split('#');
  const samples = decodeSamples(path.join(dataDir, file));
  if (label === undefined) return { samples, cleanSec: samples.length / 16_000 };
  const reference = readRttm(path.join(dataDir, file.replace(/\.wav$/, '.rttm')));
  const own = reference.filter((t) => t.speaker === label);
  const alone = subtractSpans(
    own,
    reference.filter((t) => t.speaker !== label),
  );
  const seconds = alone.reduce((sum, t) => sum + t.end - t.start, 0);
  const turns = seconds >= minOverlapFreeSec ? alone : own;
  const pieces = turns.map((t) => samples.subarray(Math.round(t.start * 16_000), Math.round(t.end * 16_000)));
  const out = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return { samples: out, cleanSec: seconds };
}

export async function embedItem(embedder: SpeakerEmbedder, samples: Float32Array): Promise<Float32Array> {
  const fbank = computeFbank(samples);
  return embedder.embed(
    selectWithMeanNormalisation(
      fbank,
      Array.from({ length: fbank.frameCount }, (_, i) => i),
    ),
  );
}

export interface PairRow {
  a: string;
  b: string;
  same: boolean;
  speakers: [string, string];
  kind: string;
}

export function readPairs(dataDir: string): PairRow[] {
  return readFileSync(path.join(dataDir, 'same-speaker', 'pairs.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t'))
    .map(([a = '', b = '', same = '0', speakerA = '', speakerB = '', kind = '']) => ({
      a,
      b,
      same: same === '1',
      speakers: [speakerA, speakerB],
      kind,
    }));
}

/** Embeds every item of `same-speaker/pairs.tsv` once, and scores each pair with each scorer. */
export async function scorePairs(
  dataDir: string,
  embedder: SpeakerEmbedder,
  scorers: Record<string, (a: Float32Array, b: Float32Array) => number>,
): Promise<Record<string, ScoredPair[]>> {
  const cache = new Map<string, { embedding: Float32Array; cleanSec: number }>();
  const embedded = async (item: string): Promise<{ embedding: Float32Array; cleanSec: number }> => {
    const known = cache.get(item);
    if (known !== undefined) return known;
    const speech = itemSpeech(dataDir, item);
    const value = { embedding: await embedItem(embedder, speech.samples), cleanSec: speech.cleanSec };
    cache.set(item, value);
    return value;
  };
  const scored: Record<string, ScoredPair[]> = {};
  for (const name of Object.keys(scorers)) scored[name] = [];
  for (const pair of readPairs(dataDir)) {
    const [a, b] = [await embedded(pair.a), await embedded(pair.b)];
    const shorterCleanSec = Math.min(a.cleanSec, b.cleanSec);
    for (const [name, score] of Object.entries(scorers))
      scored[name]?.push({ same: pair.same, kind: pair.kind, score: score(a.embedding, b.embedding), shorterCleanSec });
  }
  return scored;
}

export interface OperatingPoint {
  threshold: number;
  falseAccept: number;
  falseReject: number;
}

export function operatingPoint(pairs: readonly ScoredPair[], threshold: number): OperatingPoint {
  const positives = pairs.filter((p) => p.same);
  const negatives = pairs.filter((p) => !p.same);
  return {
    threshold,
    falseAccept: negatives.filter((p) => p.score >= threshold).length / Math.max(1, negatives.length),
    falseReject: positives.filter((p) => p.score < threshold).length / Math.max(1, positives.length),
  };
}

/** Equal error rate: the threshold where false accepts and false rejects cross. */
export function equalErrorRate(pairs: readonly ScoredPair[]): OperatingPoint & { eer: number } {
  let best = { threshold: 0, falseAccept: 1, falseReject: 0, eer: 1 };
  for (const candidate of [...new Set(pairs.map((p) => p.score))].sort((a, b) => a - b)) {
    const point = operatingPoint(pairs, candidate);
    const gap = Math.abs(point.falseAccept - point.falseReject);
    if (
      gap < Math.abs(best.falseAccept - best.falseReject) ||
      (gap === Math.abs(best.falseAccept - best.falseReject) && (point.falseAccept + point.falseReject) / 2 < best.eer)
    ) {
      best = { ...point, eer: (point.falseAccept + point.falseReject) / 2 };
    }
  }
  return best;
}
