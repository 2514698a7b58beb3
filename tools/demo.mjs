#!/usr/bin/env node
// `npm run demo`: the README's main job. Transcribes the bundled sample recording on the embedded local
// queue with the default model. Offline developer checkouts have the models in ../shared/models; point
// MODEL_CACHE_DIR there when it is not set, so the demo needs no download. Users' machines download
// the model from the Hugging Face Hub on first use instead.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sharedModels = path.resolve(repo, '..', 'shared', 'models');
const env = { ...process.env };
if (!env.MODEL_CACHE_DIR && existsSync(sharedModels)) env.MODEL_CACHE_DIR = sharedModels;

const sample = path.join(repo, 'resources', 'samples', 'librispeech-1089-134686-0000.flac');
const started = performance.now();
const result = spawnSync(
  process.execPath,
  [
    path.join(repo, 'electron', 'cli', 'bin.mjs'),
    'process',
    sample,
    '--title',
    'PC Worker demo',
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env },
);
const seconds = (performance.now() - started) / 1000;
process.stderr.write(
  `demo: 10.4 s of audio in ${seconds.toFixed(1)} s wall (real-time factor ${(seconds / 10.435).toFixed(2)})\n`,
);
process.exit(result.status ?? 1);
