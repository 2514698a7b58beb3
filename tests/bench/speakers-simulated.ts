/**
 * Simulated meetings for `bench:speakers`: real voices (the single-speaker clips of
 * ../shared/data/asr), invented turn-taking, overlap and room, exact references. Deterministic:
 * conversation i of a part is always the same audio. Speakers are split by a hash of their id into
 * a tune part and a report part, so no voice of the report part is heard while tuning.
 *
 * A speaker's clip is cut at its pauses into pieces of 1–5 s (its turns). Turns alternate between
 * randomly chosen speakers with gaps of -1.0…0.8 s (a negative gap is overlapped speech), and one
 * turn in five whose first word group is short (< 1.5 s) becomes that group alone, a backchannel laid
 * over the previous turn. Each speaker gets a level
 * (0…-12 dB: quiet voices), a distance (dry/reverberant mix through a Schroeder reverberator with an
 * RT60 of 0.3–0.7 s) and the room a noise floor (SNR 20–30 dB): meeting-room audio, not studio.
 * The reference is each piece's own speech (an energy detector on the clean clip), so pauses inside
 * a turn are not counted as speech.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { LabelledTurn } from './speakers-scoring.js';

const rate = 16_000;

export type Part = 'tune' | 'report';

export interface SimulatedConversation {
  name: string;
  part: Part;
  wav: string;
  rttm: string;
  speakers: number;
  durationSec: number;
}

/** mulberry32: a small seeded generator, so every run builds the same conversations. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function hash(text: string): number {
  let h = 2166136261;
  for (const ch of text) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  return h;
}

/** Which part a voice belongs to: the split of every bench that tunes rules on voices (speakers, ASR). */
export function partOfSpeaker(speaker: string): Part {
  return hash(speaker) % 2 === 0 ? 'tune' : 'report';
}

function decode(file: string): Float32Array {
  const raw = execFileSync(
    '/usr/bin/ffmpeg',
    ['-loglevel', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'],
    {
      maxBuffer: 1 << 28,
    },
  );
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4).slice();
}

interface Island {
  start: number;
  end: number;
}

/** Speech islands (samples) of a clean clip: 10 ms frames 35 dB below its peak are silence. */
function speechIslands(audio: Float32Array): Island[] {
  const frame = 160;
  const db: number[] = [];
  for (let i = 0; i + frame <= audio.length; i += frame) {
    let sum = 0;
    for (let j = i; j < i + frame; j++) sum += (audio[j] ?? 0) ** 2;
    db.push(10 * Math.log10(sum / frame + 1e-12));
  }
  const sorted = [...db].sort((a, b) => a - b);
  const floor = sorted[Math.floor(sorted.length * 0.1)] ?? -120;
  const threshold = Math.max((sorted.at(-1) ?? 0) - 35, floor + 10);
  const islands: Island[] = [];
  db.forEach((value, f) => {
    if (value < threshold) return;
    const last = islands.at(-1);
    // Pauses under 0.2 s are inside a word or between words: one island.
    if (last !== undefined && f * frame - last.end < 0.2 * rate) last.end = (f + 1) * frame;
    else islands.push({ start: f * frame, end: (f + 1) * frame });
  });
  return islands.filter((island) => island.end - island.start >= 0.08 * rate);
}

/** A speaker's turns: consecutive islands grouped into pieces of 1–5 s. */
function pieces(audio: Float32Array, next: () => number): { audio: Float32Array; islands: Island[] }[] {
  const out: { audio: Float32Array; islands: Island[] }[] = [];
  let group: Island[] = [];
  let want = 1 + next() * 4;
  const flush = (): void => {
    const first = group[0];
    const last = group.at(-1);
    if (first === undefined || last === undefined) return;
    const pad = Math.round(0.05 * rate);
    const from = Math.max(0, first.start - pad);
    const to = Math.min(audio.length, last.end + pad);
    out.push({
      audio: audio.slice(from, to),
      islands: group.map((i) => ({ start: i.start - from, end: i.end - from })),
    });
    group = [];
    want = 1 + next() * 4;
  };
  for (const island of speechIslands(audio)) {
    group.push(island);
    if (island.end - (group[0]?.start ?? 0) >= want * rate) flush();
  }
  flush();
  return out;
}

/** Schroeder reverberator: four combs and two all-passes, a diffuse tail of the given RT60. */
function reverberate(dry: Float32Array, rt60: number): Float32Array {
  const wet = new Float32Array(dry.length);
  for (const ms of [29.7, 37.1, 41.1, 43.7]) {
    const delay = Math.round((ms / 1000) * rate);
    const gain = 10 ** ((-3 * ms) / 1000 / rt60);
    const line = new Float32Array(dry.length);
    for (let i = 0; i < dry.length; i++) line[i] = (dry[i] ?? 0) + gain * (i >= delay ? (line[i - delay] ?? 0) : 0);
    for (let i = 0; i < dry.length; i++) wet[i] = (wet[i] ?? 0) + (line[i] ?? 0) / 4;
  }
  let out = wet;
  for (const [ms, g] of [
    [5, 0.7],
    [1.7, 0.7],
  ] as const) {
    const delay = Math.round((ms / 1000) * rate);
    const y = new Float32Array(out.length);
    for (let i = 0; i < out.length; i++) {
      const x = out[i] ?? 0;
      const xd = i >= delay ? (out[i - delay] ?? 0) : 0;
      const yd = i >= delay ? (y[i - delay] ?? 0) : 0;
      y[i] = -g * x + xd + g * yd;
    }
    out = y;
  }
  return out;
}

interface Voice {
  speaker: string;
  file: string;
}

function voicesOf(dataDir: string, part: Part): Voice[] {
  const rows = readFileSync(path.join(dataDir, 'asr', 'meta.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  const bySpeaker = new Map<string, { file: string; duration: number }>();
  for (const row of rows) {
    const [file = '', language = '', speaker = '', duration = '0'] = row.split('\t');
    // English clips of 8 s or more: enough speech for several turns of one voice.
    if (language !== 'en' || Number(duration) < 8 || bySpeaker.has(speaker)) continue;
    bySpeaker.set(speaker, { file: path.join(dataDir, file), duration: Number(duration) });
  }
  return [...bySpeaker.entries()]
    .filter(([speaker]) => partOfSpeaker(speaker) === part)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([speaker, { file }]) => ({ speaker, file }));
}

interface Placed {
  speaker: number;
  at: number;
  audio: Float32Array;
  islands: Island[];
}

/** Lays the speakers' turns on a timeline; returns the placements and the length in samples. */
function converse(
  turns: { audio: Float32Array; islands: Island[] }[][],
  next: () => number,
): { placed: Placed[]; length: number } {
  const placed: Placed[] = [];
  const left = turns.map((list) => [...list]);
  let cursor = Math.round(0.5 * rate);
  let previous = -1;
  for (;;) {
    const candidates = left.map((list, k) => (list.length > 0 && k !== previous ? k : -1)).filter((k) => k >= 0);
    if (candidates.length === 0) break;
    const speaker = candidates[Math.floor(next() * candidates.length)] ?? 0;
    const piece = left[speaker]?.shift();
    if (piece === undefined) break;
    const lastTurn = placed.at(-1);
    const first = piece.islands[0];
    if (lastTurn !== undefined && first !== undefined && first.end - first.start < 1.5 * rate && next() < 0.2) {
      // A backchannel ("yeah", "right"): the piece's first island, laid over the previous turn.
      const short = { audio: piece.audio.slice(0, first.end + 0.05 * rate), islands: [first] };
      const at = lastTurn.at + Math.round(next() * Math.max(0, lastTurn.audio.length - short.audio.length));
      placed.push({ speaker, at, ...short });
      continue;
    }
    const gap = Math.round((-1 + next() * 1.8) * rate);
    const at = Math.max(0, cursor + gap);
    placed.push({ speaker, at, ...piece });
    cursor = Math.max(cursor, at + piece.audio.length);
    previous = speaker;
  }
  return { placed, length: cursor + Math.round(0.5 * rate) };
}

function writeWav(file: string, samples: Float32Array): void {
  const data = Buffer.alloc(samples.length * 2);
  samples.forEach((x, i) => data.writeInt16LE(Math.round(Math.max(-1, Math.min(1, x)) * 32767), i * 2));
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  writeFileSync(file, Buffer.concat([header, data]));
}

/** Reference turns: each placed island, same-speaker islands closer than 10 ms joined. */
function referenceTurns(placed: readonly Placed[], labels: readonly string[]): LabelledTurn[] {
  const turns = placed
    .flatMap((p) =>
      p.islands.map((i) => ({
        speaker: labels[p.speaker] ?? '',
        start: (p.at + i.start) / rate,
        end: (p.at + i.end) / rate,
      })),
    )
    .sort((a, b) => a.start - b.start);
  const joined: LabelledTurn[] = [];
  for (const turn of turns) {
    const same = joined.findLast((t) => t.speaker === turn.speaker);
    if (same !== undefined && turn.start - same.end < 0.01) same.end = Math.max(same.end, turn.end);
    else joined.push({ ...turn });
  }
  return joined.sort((a, b) => a.start - b.start);
}

function mix(placed: readonly Placed[], length: number, speakers: number, next: () => number): Float32Array {
  const rt60 = 0.3 + next() * 0.4;
  const out = new Float32Array(length);
  for (let k = 0; k < speakers; k++) {
    const level = 10 ** ((-12 * next()) / 20);
    const dry = 0.25 + next() * 0.75;
    const track = new Float32Array(length);
    for (const p of placed.filter((q) => q.speaker === k)) track.set(p.audio, p.at);
    const wet = reverberate(track, rt60);
    for (let i = 0; i < length; i++) out[i] = (out[i] ?? 0) + level * (dry * (track[i] ?? 0) + 0.6 * (wet[i] ?? 0));
  }
  let power = 0;
  for (const x of out) power += x * x;
  const noise = Math.sqrt(power / length / 10 ** ((20 + next() * 10) / 10));
  let peak = 0;
  for (let i = 0; i < length; i++) {
    // Box–Muller: Gaussian room noise.
    out[i] = (out[i] ?? 0) + noise * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
    peak = Math.max(peak, Math.abs(out[i] ?? 0));
  }
  return peak > 0 ? out.map((x) => (x / peak) * 0.7) : out;
}

const speakerCounts = [2, 3, 4, 2, 3, 5, 4, 3];

/** Builds `count` conversations of one part into `outDir` (wav + rttm), the same ones every time. */
export function buildSimulatedConversations(
  dataDir: string,
  outDir: string,
  part: Part,
  count: number,
): SimulatedConversation[] {
  mkdirSync(outDir, { recursive: true });
  const voices = voicesOf(dataDir, part);
  const audioOf = new Map<string, Float32Array>();
  const conversations: SimulatedConversation[] = [];
  for (let index = 0; index < count; index++) {
    const next = random(hash(`${part}-${String(index)}`));
    const n = speakerCounts[index % speakerCounts.length] ?? 2;
    const chosen: Voice[] = [];
    while (chosen.length < n) {
      const voice = voices[Math.floor(next() * voices.length)];
      if (voice !== undefined && !chosen.includes(voice)) chosen.push(voice);
    }
    const turns = chosen.map((voice) => {
      const audio = audioOf.get(voice.file) ?? decode(voice.file);
      audioOf.set(voice.file, audio);
      return pieces(audio, next);
    });
    const { placed, length } = converse(turns, next);
    const name = `sim_${part}_${String(index).padStart(2, '0')}`;
    const labels = chosen.map((voice) => voice.speaker.replace(/[^A-Za-z0-9]+/g, '_'));
    const wav = path.join(outDir, `${name}.wav`);
    const rttm = path.join(outDir, `${name}.rttm`);
    writeWav(wav, mix(placed, length, n, next));
    writeFileSync(
      rttm,
      referenceTurns(placed, labels)
        .map(
          (t) =>
            `SPEAKER ${name} 1 ${t.start.toFixed(3)} ${(t.end - t.start).toFixed(3)} <NA> <NA> ${t.speaker} <NA> <NA>\n`,
        )
        .join(''),
    );
    conversations.push({ name, part, wav, rttm, speakers: n, durationSec: length / rate });
  }
  return conversations;
}

// `node --import tsx tests/bench/speakers-simulated.ts <outDir> [count]`: writes both parts, for a look or another scorer.
if (process.argv[1]?.endsWith('speakers-simulated.ts')) {
  const { sharedDir } = await import('../support/shared-data.js');
  const outDir = process.argv[2] ?? 'sim-conversations';
  const count = Number(process.argv[3] ?? 12);
  for (const part of ['tune', 'report'] as const) {
    for (const c of buildSimulatedConversations(path.join(sharedDir, 'data'), outDir, part, count))
      console.log(`${c.name}\t${String(c.speakers)} speakers\t${c.durationSec.toFixed(1)} s`);
  }
}
