/**
 * `npm run bench:asr-tails`: the plateau of each rule of the unread tail (unread-tail.ts, issue 19) on
 * one part of the ASR dev set (asr-parts.ts): each rule is moved alone over a range of values, the
 * others kept, and every value is scored as `bench:asr` scores a run (English WER, segments never
 * said by kind and origin) with the tail segments really said beside them (the re-read's gain).
 *
 *   npm run bench:asr-tails -- [--models tiny,base] [--part tune|report|all] [--from bench-results/asr-….json]
 *                              [--rules minSpeechSec=0.25,noSpeechProbability=0.6] [--sweep minSpeechSec,…]
 *                              [--no-sweep] [--limit N] [--set dev|spliced]
 *
 * A clip is decoded again for a value only when the value changes the fate of one of its tails (read
 * or not, kept or dropped, from the measurements of the first run); any other clip's transcript
 * cannot change, so its first run is reused. --from takes that first run from a `bench:asr` result
 * (same code, default rules) or from the lines of `asr-worker.ts --jsonl` (one model), instead of
 * decoding the part once more; only the clips it holds are scored. --no-sweep: the first run only
 * (the report part, under the chosen rules). --set spliced: --limit pairs (12) of the part's clips
 * joined so that windows end in a tail, said or not (asr-spliced-set.ts). Writes
 * bench-results/asr-tails-<time>.json.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { countErrors } from '../../electron/core/asr/text-normalizer.js';
import { transcribePcm } from '../../electron/core/asr/transcribe.js';
import { tailIsSilence, tailRules, type TailRules, type TailTrace } from '../../electron/core/asr/unread-tail.js';
import { loadWhisper, type SpeechRecognizer } from '../../electron/core/asr/whisper-model.js';
import { decodeToPcm } from '../../electron/core/audio/decode.js';
import { chooseInferenceDevice } from '../../electron/core/models/inference-device.js';
import { repoDir, sharedDir, sharedModelsDir, type AsrReference } from '../support/shared-data.js';

import {
  countSuspects,
  findSuspects,
  formatByOrigin,
  tailSegmentsSaid,
  type BenchSegment,
} from './asr-hallucinations.js';
import { asrPartRows } from './asr-parts.js';
import { splicedRows } from './asr-spliced-set.js';
import type { Part } from './speakers-simulated.js';

type SweptRule = 'minSpeechSec' | 'noSpeechProbability' | 'stockPhraseLogprob' | 'stockPhraseNoSpeech';

/** Each rule from "never acts" to "always acts", through the hand-chosen value. */
const sweeps: Record<SweptRule, number[]> = {
  noSpeechProbability: [0.2, 0.4, 0.6, 0.8, 1],
  stockPhraseLogprob: [-Infinity, -1, -0.5, -0.25, 0],
  stockPhraseNoSpeech: [0, 0.1, 0.2, 0.4, 1],
  minSpeechSec: [0, 0.1, 0.25, 0.5, 1, Infinity],
};

/** Each rule where it never acts. */
const rulesOff: Pick<TailRules, SweptRule> = {
  minSpeechSec: 0,
  noSpeechProbability: 1,
  stockPhraseLogprob: -Infinity,
  stockPhraseNoSpeech: 1,
};

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
};
const models = option('models', 'tiny,base')
  .split(',')
  .map((name) => `Xenova/whisper-${name}`);
const part = option('part', 'tune') as Part | 'all';
const from = option('from', '');
const limit = Number(option('limit', '0'));
/** The dev set's clips, or pairs of them joined so that a window ends in an unread tail (asr-spliced-set.ts). */
const set = option('set', 'dev');
const chosen: Partial<TailRules> = Object.fromEntries(
  option('rules', '')
    .split(',')
    .filter(Boolean)
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=');
      if (!(name in sweeps)) throw new Error(`--rules: ${name} is not one of ${Object.keys(sweeps).join(', ')}`);
      return [name, Number(value)];
    }),
);
const baseRules: TailRules = { ...tailRules, ...chosen };
const sweptRules = (
  argv.includes('--no-sweep') ? [] : option('sweep', Object.keys(sweeps).join(',')).split(',')
) as SweptRule[];
for (const rule of sweptRules)
  if (!(rule in sweeps)) throw new Error(`--sweep: ${rule} is not one of ${Object.keys(sweeps).join(', ')}`);
const signal = new AbortController().signal;
const ignore = (): void => undefined;
const loadavg = (): string =>
  os
    .loadavg()
    .map((value) => value.toFixed(2))
    .join(' ');

interface ClipRun {
  segments: BenchSegment[];
  tails: TailTrace[];
}

/** What a tail's measurements decide under `rules`: not read, read (no answer kept yet), dropped, or kept. */
function fate(trace: TailTrace, rules: TailRules): string {
  if (trace.speechSec < rules.minSpeechSec) return 'unread';
  if (trace.decoded === null) return 'read';
  return tailIsSilence(trace.decoded, rules) ? 'dropped' : 'kept';
}

const changes = (run: ClipRun, rules: TailRules): boolean =>
  run.tails.some((trace) => fate(trace, rules) !== fate(trace, baseRules));

function partRows(): AsrReference[] {
  if (set === 'spliced') {
    if (part === 'all') throw new Error('--set spliced needs --part tune or report');
    return splicedRows(part, limit > 0 ? limit : 12);
  }
  const rows = part === 'all' ? [...asrPartRows('tune'), ...asrPartRows('report')] : asrPartRows(part);
  if (limit <= 0) return rows;
  return [
    ...rows.filter((row) => row.language === 'en').slice(0, limit),
    ...rows.filter((row) => row.language !== 'en').slice(0, Math.ceil(limit / 4)),
  ];
}

interface GivenUtterance {
  file: string;
  segments?: BenchSegment[];
  stats: { tails?: TailTrace[] };
}

/**
 * The first run for `modelId` from a `bench:asr` result (its run of that model) or from the lines
 * `asr-worker.ts --jsonl` appends (one model per file), by clip file.
 */
function readFirstRun(modelId: string): Map<string, ClipRun> {
  const text = readFileSync(from, 'utf8');
  let utterances: GivenUtterance[];
  if (from.endsWith('.jsonl')) {
    if (models.length !== 1) throw new Error('--from a .jsonl file holds one model: give one in --models');
    utterances = text
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as GivenUtterance);
  } else {
    const report = JSON.parse(text) as { runs: { engine: string; utterances: GivenUtterance[] }[] };
    const run = report.runs.find((candidate) => candidate.engine === `pc-worker ${modelId}`);
    if (run === undefined) throw new Error(`${from} holds no run of ${modelId}`);
    utterances = run.utterances;
  }
  return new Map(
    utterances.map((row) => {
      if (row.segments === undefined || row.stats.tails === undefined)
        throw new Error(`${from} was written before bench:asr kept segments and tail traces: run bench:asr again`);
      return [path.join(sharedDir, 'data', row.file), { segments: row.segments, tails: row.stats.tails }];
    }),
  );
}

async function transcribeClip(
  recognizer: () => Promise<SpeechRecognizer>,
  row: AsrReference,
  workDir: string,
  rules: TailRules,
) {
  const pcm = await decodeToPcm(row.file, path.join(workDir, 'clip.f32'), {
    ffmpeg: '/usr/bin/ffmpeg',
    maxDurationSec: 600,
    signal,
    onProgress: ignore,
  });
  const transcript = await transcribePcm(await recognizer(), pcm, pcm.frameRms, {
    language: row.language,
    signal,
    onProgress: ignore,
    onSegment: ignore,
    tailRules: rules,
  });
  return {
    segments: transcript.segments.map(({ start, end, text }, index) => ({
      start,
      end,
      text,
      origin: transcript.origins[index] ?? 'first pass',
    })),
    tails: transcript.stats.tails,
  };
}

function score(rows: readonly AsrReference[], runs: readonly ClipRun[]) {
  let [edits, units, tail, said] = [0, 0, 0, 0];
  const suspects = [];
  for (const [index, row] of rows.entries()) {
    const segments = runs[index]?.segments ?? [];
    if (row.language === 'en') {
      const counted = countErrors(row.text, segments.map((segment) => segment.text).join(' '), 'en', 'whisper');
      [edits, units] = [edits + counted.edits, units + counted.units];
    }
    suspects.push(...findSuspects(row.text, segments, row.language));
    const tails = tailSegmentsSaid(row.text, segments, row.language);
    [tail, said] = [tail + tails.tail, said + tails.said];
  }
  return {
    englishWer: edits / Math.max(1, units),
    suspects: countSuspects(suspects),
    tailSegments: tail,
    tailSaid: said,
  };
}

const valueText = (value: number): string => (Number.isFinite(value) ? String(value) : `${value > 0 ? '' : '-'}∞`);

function line(label: string, reruns: number | string, scored: ReturnType<typeof score>): string {
  const { overlap, 'stock phrase': stock, 'short word': short } = scored.suspects;
  return [
    label,
    String(reruns),
    `${(100 * scored.englishWer).toFixed(2)} %`,
    String(overlap['total'] ?? 0),
    formatByOrigin(stock),
    String(short['total'] ?? 0),
    `${String(scored.tailSaid)} / ${String(scored.tailSegments)}`,
  ].join(' | ');
}

const header = [
  'value | clips decoded again | English WER | overlaps | stock phrases not said (by origin) | short words | tail segments said / all',
  '---|---:|---:|---:|---|---:|---:',
];

const workDir = await mkdtemp(path.join(os.tmpdir(), 'asr-tails-'));
const out: Record<string, unknown> = {
  date: new Date().toISOString(),
  set,
  part,
  baseRules,
  loadavgStart: os.loadavg(),
  models: {},
};
/** Every table line goes out as soon as it is known (a long run shows its plateaus as it goes). */
const say = (...lines: string[]): void => {
  process.stdout.write(`${lines.join('\n')}\n`);
};

try {
  for (const modelId of models) {
    // Loaded only when a clip is decoded (a run --from a file with --no-sweep decodes none).
    let loaded: Promise<SpeechRecognizer> | null = null;
    const recognizer = async (): Promise<SpeechRecognizer> => {
      loaded ??= chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 }).then((device) =>
        loadWhisper({ modelId, modelDir: sharedModelsDir, allowRemoteModels: false, device }),
      );
      return loaded;
    };
    const given = from !== '' && option('rules', '') === '' ? readFirstRun(modelId) : null;
    // A run cut short scores the clips it reached, and says so in the title.
    const rows = given === null ? partRows() : partRows().filter((row) => given.has(row.file));
    process.stderr.write(`[bench:asr-tails] ${modelId}, ${part}: first run … (load ${loadavg()})\n`);
    const first: ClipRun[] = [];
    for (const row of rows)
      first.push(given?.get(row.file) ?? (await transcribeClip(recognizer, row, workDir, baseRules)));
    const base = score(rows, first);
    say(
      '',
      `${modelId}, ${set} set, ${part} part (${String(rows.length)} of ${String(partRows().length)} clips), rules ${JSON.stringify(baseRules)}, load ${loadavg()}`,
      ...header,
      line('as given', given === null ? rows.length : 'from --from', base),
    );
    /** The part under `rules`: a clip is decoded again only when `rules` change one of its tails' fate. */
    const runWith = async (rules: TailRules) => {
      const runs: ClipRun[] = [];
      let reruns = 0;
      for (const [index, row] of rows.entries()) {
        const run = first[index];
        if (run !== undefined && !changes(run, rules)) runs.push(run);
        else {
          reruns += 1;
          runs.push(await transcribeClip(recognizer, row, workDir, rules));
        }
      }
      return { reruns, ...score(rows, runs) };
    };
    const results: Record<string, unknown[]> = {};
    for (const rule of sweptRules) {
      say('', `${rule} (given ${valueText(baseRules[rule])}), load ${loadavg()}:`, ...header);
      results[rule] = [];
      for (const value of sweeps[rule]) {
        const result = await runWith({ ...baseRules, [rule]: value });
        results[rule].push({ value: valueText(value), ...result });
        say(line(valueText(value), result.reruns, result));
      }
    }
    if (sweptRules.length > 0) {
      // The four rules off together: the tail re-read as it was before issue 19 (but for the floor that
      // keeps a word from starting before the text already written, which no rule turns off).
      const result = await runWith({ ...baseRules, ...rulesOff });
      results['all four off'] = [result];
      say('', `all four off, load ${loadavg()}:`, ...header, line('off', result.reruns, result));
    }
    (out['models'] as Record<string, unknown>)[modelId] = {
      clips: rows.map((row) => path.relative(path.join(sharedDir, 'data'), row.file)),
      base,
      sweeps: results,
      first,
    };
  }
} finally {
  await rm(workDir, { recursive: true, force: true });
}
out['loadavgEnd'] = os.loadavg();
mkdirSync(path.join(repoDir, 'bench-results'), { recursive: true });
const file = path.join(repoDir, 'bench-results', `asr-tails-${String(out['date']).replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(out, null, 1));
say(
  `load average ${(out['loadavgStart'] as number[]).map((v) => v.toFixed(2)).join(' ')} → ${loadavg()}`,
  `written ${file}`,
);
