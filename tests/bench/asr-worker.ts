/**
 * One measured ASR run in its own process (so peak RSS is this run's): the dev set or a synthetic long
 * input, through the worker's own path (ffmpeg → PCM file → Silero VAD → Whisper with guards).
 * Prints one line `@@RESULT@@{json}`. Started by tests/bench/asr.bench.ts, or by hand for one part of the
 * dev set with each clip's result appended to a file as it comes:
 *   node --import tsx tests/bench/asr-worker.ts --model Xenova/whisper-tiny --part tune --jsonl tiny-tune.jsonl
 * --session-options '{"enableCpuMemArena":false}' lays ONNX Runtime options over the worker's (memory work).
 */
import { execFileSync } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { countErrors } from '../../electron/core/asr/text-normalizer.js';
import { transcribePcm } from '../../electron/core/asr/transcribe.js';
import { loadWhisper } from '../../electron/core/asr/whisper-model.js';
import { decodeToPcm } from '../../electron/core/audio/decode.js';
import { LevelMeter } from '../../electron/core/audio/level-meter.js';
import { chooseInferenceDevice } from '../../electron/core/models/inference-device.js';
import { readAsrReferences, sharedModelsDir } from '../support/shared-data.js';

import { findSuspects } from './asr-hallucinations.js';
import { asrPartRows } from './asr-parts.js';
import type { Part } from './speakers-simulated.js';

const args = new Map<string, string>();
for (let index = 2; index < process.argv.length; index += 2)
  args.set(process.argv[index]?.replace(/^--/, '') ?? '', process.argv[index + 1] ?? '');
const modelId = args.get('model') ?? 'Xenova/whisper-tiny';
const limit = Number(args.get('limit') ?? '0');
const longSec = Number(args.get('long') ?? '0');
const batchSize = Number(args.get('batch') ?? '1');
/** The clips of one part of the split (asr-parts.ts), or all. */
const part = (args.get('part') ?? 'all') as Part | 'all';
/** Each clip's result appended here as soon as it is known, so that a run cut short still tells something. */
const jsonl = args.get('jsonl') ?? '';
/** ONNX Runtime session options laid over the worker's own (JSON), to measure one setting against them. */
const sessionOverrides = JSON.parse(args.get('session-options') ?? '{}') as Record<string, unknown>;
const signal = new AbortController().signal;
const ignore = (): void => undefined;

const rssMb = (): number => Math.round(process.memoryUsage().rss / 2 ** 20);

async function cpuDevice() {
  const device = await chooseInferenceDevice({ enableGpu: false, gpuDevice: 0 });
  return { ...device, sessionOptions: { ...device.sessionOptions, ...sessionOverrides } };
}

async function devSet(workDir: string) {
  const device = await cpuDevice();
  const loadStart = performance.now();
  const recognizer = await loadWhisper({ modelId, modelDir: sharedModelsDir, allowRemoteModels: false, device });
  const loadSec = (performance.now() - loadStart) / 1000;
  // What the sessions hold before any audio: weights, their packed copies, the process itself.
  const rssAfterLoadMb = rssMb();
  let rows = part === 'all' ? [...asrPartRows('tune'), ...asrPartRows('report')] : asrPartRows(part);
  if (limit > 0)
    rows = [
      ...rows.filter((row) => row.language === 'en').slice(0, limit),
      ...rows.filter((row) => row.language !== 'en').slice(0, Math.ceil(limit / 4)),
    ];
  const utterances = [];
  for (const row of rows) {
    const decoded = await decodeToPcm(row.file, path.join(workDir, 'clip.f32'), {
      ffmpeg: '/usr/bin/ffmpeg',
      maxDurationSec: 600,
      signal,
      onProgress: ignore,
    });
    const started = performance.now();
    const transcript = await transcribePcm(recognizer, decoded, decoded.frameRms, {
      language: row.language,
      batchSize,
      signal,
      onProgress: ignore,
      onSegment: ignore,
    });
    const wall = (performance.now() - started) / 1000;
    const hyp = transcript.segments.map((segment) => segment.text).join(' ');
    const segments = transcript.segments.map(({ start, end, text }, index) => ({
      start,
      end,
      text,
      origin: transcript.origins[index] ?? 'first pass',
    }));
    const utterance = {
      file: path.relative(path.join(sharedModelsDir, '..', 'data'), row.file),
      lang: row.language,
      audio: decoded.durationSec,
      wall,
      whisper: countErrors(row.text, hyp, row.language, 'whisper'),
      peer: countErrors(row.text, hyp, row.language, 'peer'),
      stats: transcript.stats,
      hyp,
      segments,
      suspects: findSuspects(row.text, segments, row.language),
    };
    utterances.push(utterance);
    if (jsonl !== '') appendFileSync(jsonl, `${JSON.stringify(utterance)}\n`);
  }
  return { loadSec, rssAfterLoadMb, device: device.reason, sessionOptions: device.sessionOptions, utterances };
}

/** English clips back to back (0.5 s of silence between) until `seconds`, written as a PCM file while measuring levels. */
async function buildLongInput(workDir: string, seconds: number) {
  const rows = readAsrReferences().filter((row) => row.language === 'en');
  const file = path.join(workDir, 'long.f32');
  const out = createWriteStream(file);
  const meter = new LevelMeter();
  const gap = Buffer.alloc(8000 * 4);
  const references: string[] = [];
  for (let index = 0; meter.sampleCount < seconds * 16_000; index += 1) {
    const row = rows[index % rows.length];
    if (row === undefined) break;
    const clip = execFileSync(
      '/usr/bin/ffmpeg',
      ['-v', 'error', '-i', row.file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'],
      { maxBuffer: 1 << 28 },
    );
    for (const part of [clip, gap]) {
      meter.push(part);
      if (!out.write(part)) await once(out, 'drain');
    }
    references.push(row.text);
  }
  out.end();
  await once(out, 'finish');
  return {
    pcm: { path: file, sampleCount: meter.sampleCount, durationSec: meter.sampleCount / 16_000 },
    frameRms: meter.frameRms(),
    reference: references.join(' '),
  };
}

async function longInput(workDir: string) {
  const input = await buildLongInput(workDir, longSec);
  const device = await cpuDevice();
  const recognizer = await loadWhisper({ modelId, modelDir: sharedModelsDir, allowRemoteModels: false, device });
  const rssTrace: { fraction: number; rssMb: number; wallSec: number }[] = [];
  const started = performance.now();
  const transcript = await transcribePcm(recognizer, input.pcm, input.frameRms, {
    language: 'en',
    batchSize,
    signal,
    onSegment: ignore,
    onProgress: (done, total) => {
      if (total > 0 && (done % Math.max(1, Math.floor(total / 10)) === 0 || done === total)) {
        rssTrace.push({ fraction: done / total, rssMb: rssMb(), wallSec: (performance.now() - started) / 1000 });
      }
    },
  });
  const wall = (performance.now() - started) / 1000;
  const hyp = transcript.segments.map((segment) => segment.text).join(' ');
  return {
    audioSec: input.pcm.durationSec,
    wall,
    rtf: wall / input.pcm.durationSec,
    whisper: countErrors(input.reference, hyp, 'en', 'whisper'),
    stats: transcript.stats,
    rssTrace,
  };
}

const workDir = await mkdtemp(path.join(os.tmpdir(), 'asr-bench-'));
try {
  const result = longSec > 0 ? await longInput(workDir) : await devSet(workDir);
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`\n@@RESULT@@${JSON.stringify({ modelId, batchSize, peakRssMb, ...result })}\n`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
