import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { repoDir, sharedDir } from '../support/shared-data.js';

/**
 * whisper.cpp on the very weights we run: ../shared/peers (read-only) holds the peer's bench and the
 * converter from a Xenova q8 Whisper folder to a ggml file; both are set up under bench-results/peers
 * once, with one ggml file per model size.
 */
export const peerDir = path.join(repoDir, 'bench-results', 'peers');

/** The peer bench loads this one file name; other sizes run from a copy that names their own file. */
const benchModelFile = 'ggml-tiny-from-xenova-q8.bin';

const sizeOf = (modelId: string): string => modelId.replace(/^.*whisper-/, '');
const modelFileOf = (size: string): string => `ggml-${size}-from-xenova-q8.bin`;

function installPeerBench(): void {
  if (existsSync(path.join(peerDir, 'node_modules', '@napi-rs', 'whisper'))) return;
  mkdirSync(path.join(peerDir, 'models'), { recursive: true });
  for (const file of ['bench.mjs', 'package.json', 'package-lock.json'])
    execFileSync('cp', [path.join(sharedDir, 'peers', file), peerDir]);
  execFileSync('npm', ['install', '--omit=optional', '--no-audit', '--no-fund'], { cwd: peerDir, stdio: 'inherit' });
}

/** Converts the Xenova q8 folder of `size` to ggml (Debian's python3-onnx) unless done before. */
function convertWeights(size: string): string {
  const model = path.join(peerDir, 'models', modelFileOf(size));
  if (!existsSync(model)) {
    mkdirSync(path.dirname(model), { recursive: true });
    execFileSync(
      '/usr/bin/python3',
      [
        path.join(sharedDir, 'peers', 'tools', 'xenova2ggml.py'),
        path.join(sharedDir, 'models', 'Xenova', `whisper-${size}`),
        model,
      ],
      { stdio: 'inherit' },
    );
  }
  return model;
}

/**
 * The peer bench script that runs `size`: bench.mjs itself for tiny, else a copy beside it (so that its
 * own paths and packages resolve the same) in which only the model file name differs.
 */
function benchScriptFor(size: string): string {
  const original = path.join(peerDir, 'bench.mjs');
  if (modelFileOf(size) === benchModelFile) return original;
  const source = readFileSync(original, 'utf8');
  if (!source.includes(benchModelFile))
    throw new Error(`${original} no longer names ${benchModelFile}: cannot point it at ${modelFileOf(size)}`);
  const copy = path.join(peerDir, `bench-${size}.mjs`);
  writeFileSync(copy, source.replaceAll(benchModelFile, modelFileOf(size)));
  return copy;
}

/** The command line that runs whisper.cpp on `modelId`'s weights over the dev set, or null when it cannot be set up. */
export function peerCommand(modelId: string, limit: string): { script: string; args: string[]; label: string } | null {
  const size = sizeOf(modelId);
  try {
    installPeerBench();
    convertWeights(size);
  } catch (error) {
    process.stderr.write(`[bench:asr] whisper.cpp ${size} not set up: ${String(error)}\n`);
    return null;
  }
  return {
    script: benchScriptFor(size),
    args: ['--worker', 'whispercpp-napi', '--data', path.join(sharedDir, 'data'), '--threads', '2', '--limit', limit],
    label: `whisper.cpp (whispercpp-napi, ${size} q8, 2 threads)`,
  };
}
