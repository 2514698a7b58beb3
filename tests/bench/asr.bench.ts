/**
 * `npm run bench:asr`: speech recognition on ../shared/data/asr (181 English clips, 88 in 21 other
 * languages) per Whisper model in ../shared/models, a synthetic long input, and whisper.cpp on the same
 * files in the same run (as ../shared/peers sets it up), with ratios. Each run is its own process, so
 * each peak RSS is that run's. Writes bench-results/asr-<time>.json and prints a table.
 *
 *   npm run bench:asr -- [--models tiny,base] [--limit N] [--long 1800[,7200]] [--batch N] [--no-peer]
 *
 * --batch: speech windows decoded together (default 1, what the worker does on a CPU). --long 0: no long input.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { readAsrReferences, repoDir, sharedDir } from '../support/shared-data.js';

import { peerCommand } from './asr-peer.js';
import { formatTable, summarizePeer, summarizeRun, type PeerResult, type RunResult } from './asr-report.js';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const index = argv.indexOf(`--${name}`);
  return index >= 0 ? (argv[index + 1] ?? fallback) : fallback;
};
const models = option('models', 'tiny,base')
  .split(',')
  .map((name) => `Xenova/whisper-${name}`);
const limit = option('limit', '0');
const longInputs = option('long', '1800')
  .split(',')
  .map(Number)
  .filter((seconds) => seconds > 0);
const batch = option('batch', '1');
const withPeer = !argv.includes('--no-peer');
const loadavg = (): number[] => os.loadavg().map((value) => Number(value.toFixed(2)));

function runChild(command: string, args: string[], label: string): unknown {
  process.stderr.write(`[bench:asr] ${label} … (load ${loadavg().join(' ')})\n`);
  const result = spawnSync(command, args, { cwd: repoDir, encoding: 'utf8', maxBuffer: 1 << 28 });
  const match = /@@RESULT@@(.*)/.exec(result.stdout);
  if (match?.[1] === undefined) throw new Error(`${label} failed: ${result.stderr.slice(-2000)}`);
  return JSON.parse(match[1]);
}

const started = new Date();
const report: Record<string, unknown> = {
  date: started.toISOString(),
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model,
  node: process.version,
  loadavgStart: loadavg(),
};
const runs: RunResult[] = [];
for (const modelId of models) {
  runs.push(
    summarizeRun(
      runChild(
        process.execPath,
        ['--import', 'tsx', 'tests/bench/asr-worker.ts', '--model', modelId, '--limit', limit, '--batch', batch],
        modelId,
      ) as never,
    ),
  );
}
// whisper.cpp on the same weights as each of our runs, so that every model gets its three ratios.
const references = new Map(
  readAsrReferences().map((row) => [path.relative(path.join(sharedDir, 'data'), row.file), row.text]),
);
const peers: RunResult[] = [];
for (const modelId of withPeer ? models : []) {
  const command = peerCommand(modelId, limit);
  if (command === null) continue;
  const raw = runChild(process.execPath, [command.script, ...command.args], command.label) as PeerResult;
  peers.push(summarizePeer(raw, references, modelId));
}
const long = longInputs.map((seconds) =>
  runChild(
    process.execPath,
    [
      '--import',
      'tsx',
      'tests/bench/asr-worker.ts',
      '--model',
      models[0] ?? 'Xenova/whisper-tiny',
      '--long',
      String(seconds),
      '--batch',
      batch,
    ],
    `long input ${String(seconds)} s`,
  ),
);
report['loadavgEnd'] = loadavg();
Object.assign(report, { runs, peers, long });
mkdirSync(path.join(repoDir, 'bench-results'), { recursive: true });
const out = path.join(repoDir, 'bench-results', `asr-${started.toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(out, JSON.stringify(report, null, 1));
process.stdout.write(
  `${formatTable(runs, peers, long as never)}\nload average ${JSON.stringify(report['loadavgStart'])} → ${JSON.stringify(report['loadavgEnd'])}\nwritten ${out}\n`,
);
