import { readFileSync } from 'node:fs';

/** One reference or hypothesis turn: who talked from `start` to `end` (seconds). */
export interface LabelledTurn {
  speaker: string;
  start: number;
  end: number;
}

export function readRttm(file: string): LabelledTurn[] {
  return parseRttm(readFileSync(file, 'utf8'));
}

export function parseRttm(text: string): LabelledTurn[] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('SPEAKER'))
    .map((line) => {
      const fields = line.trim().split(/\s+/);
      const start = Number(fields[3]);
      return { speaker: fields[7] ?? '', start, end: start + Number(fields[4]) };
    });
}

export interface DiarizationError {
  /** Reference speech, seconds (scored region only). */
  total: number;
  missed: number;
  falseAlarm: number;
  confusion: number;
  der: number;
  /** The optimal map used: hypothesis label → reference speaker. */
  mapping: Map<string, string>;
}

const step = 0.01;

function frameSets(turns: readonly LabelledTurn[], frames: number, names: string[]): Int32Array {
  const sets = new Int32Array(frames);
  for (const turn of turns) {
    let id = names.indexOf(turn.speaker);
    if (id < 0) id = names.push(turn.speaker) - 1;
    for (let f = Math.round(turn.start / step); f < Math.min(frames, Math.round(turn.end / step)); f++) {
      sets[f] = (sets[f] ?? 0) | (1 << id);
    }
  }
  return sets;
}

function bits(mask: number): number {
  let count = 0;
  for (let m = mask; m !== 0; m &= m - 1) count++;
  return count;
}

/** Every injective map of reference speakers onto hypothesis speakers (or none), best first. */
function bestMapping(overlap: number[][], refCount: number, hypCount: number): number[] {
  let best: number[] = [];
  let bestScore = -1;
  const visit = (ref: number, used: number, map: number[], score: number): void => {
    if (ref === refCount) {
      if (score > bestScore) [bestScore, best] = [score, [...map]];
      return;
    }
    visit(ref + 1, used, [...map, -1], score);
    for (let hyp = 0; hyp < hypCount; hyp++) {
      if ((used & (1 << hyp)) === 0)
        visit(ref + 1, used | (1 << hyp), [...map, hyp], score + (overlap[ref]?.[hyp] ?? 0));
    }
  };
  visit(0, 0, [], 0);
  return best;
}

/**
 * Frame-based (10 ms) diarization error rate with the optimal speaker mapping, overlapped speech
 * scored, and `collarSec` around each reference boundary left unscored (md-eval conventions).
 */
export function diarizationError(
  reference: readonly LabelledTurn[],
  hypothesis: readonly LabelledTurn[],
  durationSec: number,
  collarSec: number,
): DiarizationError {
  const frames = Math.ceil(durationSec / step);
  const refNames: string[] = [];
  const hypNames: string[] = [];
  const ref = frameSets(reference, frames, refNames);
  const hyp = frameSets(hypothesis, frames, hypNames);
  const scored = new Uint8Array(frames).fill(1);
  for (const turn of reference) {
    for (const edge of [turn.start, turn.end]) {
      for (
        let f = Math.max(0, Math.round((edge - collarSec) / step));
        f < Math.min(frames, Math.round((edge + collarSec) / step));
        f++
      )
        scored[f] = 0;
    }
  }
  const overlap = refNames.map((_, r) =>
    hypNames.map((_, h) => {
      let n = 0;
      for (let f = 0; f < frames; f++) if (scored[f] === 1 && ((ref[f] ?? 0) >> r) & 1 && ((hyp[f] ?? 0) >> h) & 1) n++;
      return n;
    }),
  );
  const mapping = bestMapping(overlap, refNames.length, hypNames.length);
  let total = 0,
    missed = 0,
    falseAlarm = 0,
    confusion = 0;
  for (let f = 0; f < frames; f++) {
    if (scored[f] !== 1) continue;
    const r = ref[f] ?? 0;
    const h = hyp[f] ?? 0;
    const nRef = bits(r);
    const nHyp = bits(h);
    let correct = 0;
    mapping.forEach((hypIndex, refIndex) => {
      if (hypIndex >= 0 && (r >> refIndex) & 1 && (h >> hypIndex) & 1) correct++;
    });
    total += nRef;
    missed += Math.max(0, nRef - nHyp);
    falseAlarm += Math.max(0, nHyp - nRef);
    confusion += Math.min(nRef, nHyp) - correct;
  }
  const seconds = (n: number): number => n * step;
  const map = new Map<string, string>();
  mapping.forEach((hypIndex, refIndex) => {
    const [hyp, ref] = [hypNames[hypIndex], refNames[refIndex]];
    if (hyp !== undefined && ref !== undefined) map.set(hyp, ref);
  });
  return {
    mapping: map,
    total: seconds(total),
    missed: seconds(missed),
    falseAlarm: seconds(falseAlarm),
    confusion: seconds(confusion),
    der: total === 0 ? 0 : (missed + falseAlarm + confusion) / total,
  };
}
