import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

import { repoDir, sharedModelsDir } from './shared-data.js';

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
}

/**
 * Starts `pc-worker serve` (or `args`, e.g. `serve --dashboard --port 0`) as its own OS process,
 * exactly as a lab server runs it.
 */
export function startWorkerProcess(env: Record<string, string>, args: string[] = ['serve']): WorkerProcess {
  const child = spawn(process.execPath, [path.join(repoDir, 'electron', 'cli', 'bin.mjs'), ...args], {
    cwd: repoDir,
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: process.env['HOME'] ?? '/tmp',
      MODEL_CACHE_DIR: sharedModelsDir,
      // Pinned: 'auto' would pick by this machine's cores, and the tests' bounds are tiny's.
      WHISPER_MODEL: 'Xenova/whisper-tiny',
      ALLOW_REMOTE_MODELS: 'false',
      POLLING_INTERVAL_SECONDS: '1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return { child, output: () => output, exited };
}

export async function stopWorkerProcess(worker: WorkerProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill(signal);
  await worker.exited;
}
