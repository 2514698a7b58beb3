import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { cosine } from '../../electron/core/speakers/clustering.js';
import type { SpeakerEmbedder } from '../../electron/core/speakers/embedding.js';
import { computeFbank, selectWithMeanNormalisation } from '../../electron/core/speakers/fbank.js';

import { readRttm } from './speakers-scoring.js';

export interface ScoredPair {
  same: boolean;
  kind: string;
  score: number;
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

/** `x.wav#LABEL` is all of LABEL's RTTM turns in x.wav, concatenated (as tools/models/eer.py does). */
export function itemSamples(dataDir: string, item: string): Float32Array {
  const [file = '', label] = item.split('#');
  const samples = decodeSamples(path.join(dataDir, file));
  if (label === undefined) return samples;
  const turns = readRttm(path.join(dataDir, file.replace(/\.wav$/, '.rttm'))).filter((t) => t.speaker === label);
  const pieces = turns.map((t) => samples.subarray(Math.round(t.start * 16_000), Math.round(t.end * 16_000)));
  const out = new Float32Array(pieces.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
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

/** Scores every pair of `same-speaker/pairs.tsv` by cosine similarity of CAM++ embeddings. */
export async function scorePairs(dataDir: string, embedder: SpeakerEmbedder): Promise<ScoredPair[]> {
  const rows = readFileSync(path.join(dataDir, 'same-speaker', 'pairs.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const cache = new Map<string, Float32Array>();
  const embedding = async (item: string): Promise<Float32Array> => {
    const known = cache.get(item);
    if (known !== undefined) return known;
    const value = await embedItem(embedder, itemSamples(dataDir, item));
    cache.set(item, value);
    return value;
  };
  const pairs: ScoredPair[] = [];
  for (const row of rows) {
    const [a = '', b = '', same = '0', , , kind = ''] = row.split('\t');
    pairs.push({ same: same === '1', kind, score: cosine(await embedding(a), await embedding(b)) });
  }
  return pairs;
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
