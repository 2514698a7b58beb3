/**
 * `npm run bench:summary [-- --split train|val] [-- --set-only] [-- --topics-only] [-- --sweep name=a,b]`
 * (`--sweep`: one extractive threshold at each value, tests/bench/summary-sweep.ts). Otherwise the topic check
 * against QMSum's topic lists (tests/bench/summary-topics.ts); then each summarizer on the
 * summaries set (AMI meetings with human summaries; val by default, train is for tuning) with ROUGE
 * (tests/bench/summary-rouge.ts), words, citation validity, pleasantry items and time per meeting,
 * beside the first 150 words of each transcript; then an extractive summary of a 3-hour transcript
 * (train meetings joined) timed. Then each summary backend on transcripts the pipeline produced from
 * real recordings (tests/fixtures/transcripts/). Per transcript and backend it prints citation validity
 * (share of items whose cited segments exist and contain the item's content words), mean support,
 * coverage of the reference's content words, wall time and peak RSS, and writes them with the load
 * average to bench-results/summary.json. Each run is a child process so that peak RSS is its own.
 * The OpenAI-compatible backend runs when SUMMARY_API_URL and SUMMARY_API_MODEL are set (a local one:
 * `node --import tsx tools/serve-llama-chat.ts`, SmolLM2-135M-Instruct on llama.cpp).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { meetingResultSchema, type MeetingResult, type Summary } from '../../electron/contract/meeting-result.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { contentKeys, contentWordFilter } from '../../electron/core/summary/content-words.js';
import { extractiveTuning } from '../../electron/core/summary/extractive-tuning.js';
import { citationSupport, minimumSupport } from '../../electron/core/summary/grounding.js';
import {
  defaultWindowSec,
  summarizeMeeting,
  summaryBackendChain,
  type SummaryConfig,
} from '../../electron/core/summary/summarize-meeting.js';
import { repoDir, sharedDir } from '../support/shared-data.js';

import { rougePython, rougeSettings, rougeSetup } from './summary-rouge.js';
import {
  formatRow,
  loadSummarySet,
  scoreSystem,
  type SetMeeting,
  type SystemOutput,
  type SystemRow,
} from './summary-set.js';
import { parseSweep, runSweep } from './summary-sweep.js';
import { formatTopicFigures, topicCheck } from './summary-topics.js';

const transcripts = ['ami_seriously_mixture', 'spokenwoz_MUL1011'];
const mebibyte = 1024 * 1024;

function loadTranscript(name: string): MeetingResult {
  const file = path.join(repoDir, 'tests/fixtures/transcripts', `${name}.json`);
  return meetingResultSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
}

/** The reference's words where the data set has them (AMI), else the transcript's own words. */
function referenceText(name: string, transcript: MeetingResult): { text: string; source: string } {
  if (name === 'ami_seriously_mixture') {
    const tsv = readFileSync(path.join(sharedDir, 'data/diarization', `${name}.speaker_text.tsv`), 'utf8');
    const text = tsv
      .split('\n')
      .slice(1)
      .map((line) => line.split('\t')[2] ?? '')
      .join(' ');
    return { text, source: 'reference' };
  }
  return { text: transcript.segments.map((segment) => segment.text).join(' '), source: 'transcript' };
}

function backendConfig(backend: string): SummaryConfig {
  const url = process.env['SUMMARY_API_URL'];
  const model = process.env['SUMMARY_API_MODEL'];
  const chat =
    backend === 'openai-compatible' && url !== undefined && model !== undefined
      ? { baseUrl: url, model, apiKey: process.env['SUMMARY_API_KEY'], timeoutMs: 120_000, stream: false }
      : null;
  // SUMMARY_API_ATTEMPTS: tries per chat request (the product's 3 by default); 1 for a slow local model.
  const attempts = process.env['SUMMARY_API_ATTEMPTS'];
  return {
    backend: backend === 'extractive' ? 'extractive' : 'openai-compatible',
    chat,
    windowSec: defaultWindowSec,
    ...(attempts === undefined ? {} : { attempts: Number(attempts) }),
  };
}

/** Child: one backend on one transcript; prints the summary, seconds and peak RSS as JSON. */
async function runOne(backend: string, name: string): Promise<void> {
  const transcript = loadTranscript(name);
  const log = createLogger({ level: 'warn', console: true, secrets: [process.env['SUMMARY_API_KEY']] });
  const started = performance.now();
  const summary = await summarizeMeeting(transcript, summaryBackendChain(backendConfig(backend), log), {
    signal: new AbortController().signal,
    log,
    onProgress: () => undefined,
  });
  const seconds = (performance.now() - started) / 1000;
  const peakRssMb = (process.resourceUsage().maxRSS * 1024) / mebibyte;
  process.stdout.write(`${JSON.stringify({ summary, seconds, peakRssMb })}\n`);
}

interface Row {
  transcript: string;
  backend: string;
  producedBy: string | null;
  segments: number;
  items: number;
  citationValidity: number | null;
  meanSupport: number | null;
  coverage: number;
  /** The same measure for the whole transcript: the most any summary of it could reach. */
  transcriptCoverage: number;
  coverageOf: string;
  seconds: number;
  peakRssMb: number;
}

function measure(name: string, backend: string): Row {
  const child = spawnSync(process.execPath, ['--import', 'tsx', import.meta.filename, '--one', backend, name], {
    cwd: repoDir,
    encoding: 'utf8',
    env: process.env,
  });
  if (child.status !== 0) throw new Error(`bench child failed: ${child.stderr}`);
  const output = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as {
    summary: Summary | null;
    seconds: number;
    peakRssMb: number;
  };
  const transcript = loadTranscript(name);
  const filter = contentWordFilter(transcript.language);
  const items = output.summary?.items ?? [];
  const supports = items.map((item) => citationSupport(item.text, item.segments, transcript.segments, filter));
  const reference = referenceText(name, transcript);
  const wanted = new Set(contentKeys(reference.text, filter));
  const summaryText = [output.summary?.overview ?? '', ...items.map((item) => item.text)].join(' ');
  const covered = new Set(contentKeys(summaryText, filter).filter((key) => wanted.has(key)));
  const transcriptText = transcript.segments.map((segment) => segment.text).join(' ');
  const inTranscript = new Set(contentKeys(transcriptText, filter).filter((key) => wanted.has(key)));
  return {
    transcript: name,
    backend,
    producedBy: output.summary?.backend ?? null,
    segments: transcript.segments.length,
    items: items.length,
    citationValidity:
      items.length === 0 ? null : supports.filter((share) => share >= minimumSupport).length / items.length,
    meanSupport: items.length === 0 ? null : supports.reduce((sum, share) => sum + share, 0) / items.length,
    coverage: wanted.size === 0 ? 0 : covered.size / wanted.size,
    transcriptCoverage: wanted.size === 0 ? 0 : inTranscript.size / wanted.size,
    coverageOf: `${reference.source} (${wanted.size} content words)`,
    seconds: output.seconds,
    peakRssMb: output.peakRssMb,
  };
}

const benchLog = createLogger({ level: 'error', console: true, secrets: [process.env['SUMMARY_API_KEY']] });

async function summarizeTimed(backend: string, meeting: Pick<SetMeeting, 'transcript'>): Promise<SystemOutput> {
  const started = performance.now();
  const summary = await summarizeMeeting(meeting.transcript, summaryBackendChain(backendConfig(backend), benchLog), {
    signal: new AbortController().signal,
    log: benchLog,
    onProgress: () => undefined,
  });
  return { text: summary?.overview ?? '', summary, seconds: (performance.now() - started) / 1000 };
}

function firstWords(meeting: SetMeeting, count: number): SystemOutput {
  const words = meeting.transcript.segments.flatMap((segment) => segment.text.split(/\s+/)).slice(0, count);
  return { text: words.join(' '), summary: null, seconds: 0 };
}

/** Every summarizer on one split of the summaries set. */
async function benchSet(split: 'train' | 'val', backends: readonly string[]): Promise<SystemRow[]> {
  const meetings = loadSummarySet(split);
  const python = rougePython();
  if (python === null) process.stdout.write(`ROUGE skipped: set up its scorer with\n  ${rougeSetup}\n`);
  else process.stdout.write(`ROUGE: ${rougeSettings}\n`);
  const rows = [
    scoreSystem(
      'first 150 words',
      meetings,
      meetings.map((meeting) => firstWords(meeting, 150)),
      python,
    ),
  ];
  for (const backend of backends) {
    const outputs: SystemOutput[] = [];
    for (const meeting of meetings) {
      const output = await summarizeTimed(backend, meeting);
      // Which backend wrote each summary: a chat model's failure falls back to the extractive one.
      if (backend !== 'extractive') {
        process.stdout.write(
          `  ${meeting.meeting}: by ${output.summary?.backend ?? 'none'} in ${output.seconds.toFixed(0)} s\n`,
        );
      }
      outputs.push(output);
    }
    rows.push(scoreSystem(`${backend} overview`, meetings, outputs, python));
    const withItems = outputs.map((output) => ({
      ...output,
      text: [output.text, ...(output.summary?.items ?? []).map((item) => item.text)].join(' '),
    }));
    rows.push(scoreSystem(`${backend} overview + items`, meetings, withItems, python));
  }
  process.stdout.write(`${split} (${meetings.length} meetings):\n`);
  for (const row of rows) process.stdout.write(`  ${formatRow(row)}\n`);
  return rows;
}

/** Train meetings joined until they would last three hours at the set's speaking rate. */
async function benchThreeHours(): Promise<{ segments: number; words: number; seconds: number }> {
  const segments = [];
  let offset = 0;
  for (const meeting of loadSummarySet('train')) {
    for (const segment of meeting.transcript.segments) {
      segments.push({ ...segment, start: segment.start + offset, end: segment.end + offset });
    }
    offset = segments.at(-1)?.end ?? offset;
    if (offset >= 3 * 3600) break;
  }
  const output = await summarizeTimed('extractive', { transcript: { language: 'en', segments } });
  const words = segments.reduce((sum, segment) => sum + segment.text.split(' ').length, 0);
  process.stdout.write(
    `3-hour transcript (${segments.length} segments, ${words} words, ${(offset / 3600).toFixed(2)} h): ` +
      `extractive summary in ${output.seconds.toFixed(2)} s\n`,
  );
  return { segments: segments.length, words, seconds: output.seconds };
}

async function main(): Promise<void> {
  const loadBefore = os.loadavg();
  const args = process.argv.slice(2);
  const split = args.includes('--split') ? args[args.indexOf('--split') + 1] : 'val';
  if (split !== 'train' && split !== 'val') throw new Error('--split is train or val');
  const setBackends = ['extractive'];
  if (process.env['SUMMARY_API_URL'] !== undefined && process.env['SUMMARY_API_MODEL'] !== undefined) {
    setBackends.push('openai-compatible');
  }
  const sweeps = args.flatMap((arg, index) => (arg === '--sweep' ? [parseSweep(args[index + 1] ?? '')] : []));
  if (sweeps.length > 0) {
    const python = rougePython();
    if (python === null) throw new Error(`--sweep needs the ROUGE scorer: ${rougeSetup}`);
    const base = { ...extractiveTuning };
    for (const [index, arg] of args.entries()) {
      if (arg !== '--with') continue;
      const { name, values } = parseSweep(args[index + 1] ?? '');
      base[name] = values[0] ?? base[name];
    }
    for (const sweep of sweeps) runSweep(loadSummarySet(split), sweep, python, base);
    process.stdout.write(`load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')}\n`);
    return;
  }
  const topics = topicCheck(loadSummarySet(split));
  process.stdout.write(`topics against QMSum's topic lists (${split}):\n`);
  process.stdout.write(`  ${formatTopicFigures('TextTiling (the summarizer)', topics.textTiling)}\n`);
  process.stdout.write(`  ${formatTopicFigures('equal-length split, same count', topics.equalSplit)}\n`);
  if (args.includes('--topics-only')) {
    process.stdout.write(`load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')}\n`);
    return;
  }
  const set = await benchSet(split, setBackends);
  const threeHours = await benchThreeHours();
  if (args.includes('--set-only')) {
    process.stdout.write(`load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')}\n`);
    return;
  }
  const backends = ['extractive'];
  if (process.env['SUMMARY_API_URL'] !== undefined && process.env['SUMMARY_API_MODEL'] !== undefined) {
    backends.push('openai-compatible');
  } else {
    process.stdout.write('openai-compatible: skipped (set SUMMARY_API_URL and SUMMARY_API_MODEL to include it)\n');
  }
  process.stdout.write(
    'local (transformers.js): not built; no small instruct model in transformers.js (ONNX) layout is here\n',
  );
  const rows = transcripts.flatMap((name) => backends.map((backend) => measure(name, backend)));
  const percent = (value: number | null) => (value === null ? 'n/a' : `${(value * 100).toFixed(0)}%`);
  for (const row of rows) {
    process.stdout.write(
      `${row.transcript} ${row.backend} → ${row.producedBy ?? 'none'}: ${row.items} items from ${row.segments} segments, ` +
        `citation validity ${percent(row.citationValidity)}, mean support ${percent(row.meanSupport)}, ` +
        `coverage ${percent(row.coverage)} of ${row.coverageOf} (transcript itself ${percent(row.transcriptCoverage)}), ` +
        `${row.seconds.toFixed(3)} s, peak RSS ${row.peakRssMb.toFixed(0)} MB\n`,
    );
  }
  const results = {
    date: new Date().toISOString(),
    loadavg: { before: loadBefore, after: os.loadavg() },
    set: { split, rouge: rougeSettings, rows: set, topics },
    threeHours,
    rows,
  };
  mkdirSync(path.join(repoDir, 'bench-results'), { recursive: true });
  writeFileSync(path.join(repoDir, 'bench-results', 'summary.json'), `${JSON.stringify(results, null, 2)}\n`);
  process.stdout.write(`load average ${loadBefore.map((value) => value.toFixed(2)).join(' ')}\n`);
}

const [flag, backend, name] = process.argv.slice(2);
if (flag === '--one' && backend !== undefined && name !== undefined) await runOne(backend, name);
else await main();
