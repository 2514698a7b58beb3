/**
 * The supervisor's UtilityProcessLike port on a real OS process: `node --import tsx` running the real
 * worker entry through utility-process-shim.ts. What cannot run here is only the Electron binary; the
 * process, its crashes and its IPC are real.
 */
import { fork } from 'node:child_process';
import path from 'node:path';

import type { UtilityProcessLike } from '../../electron/main/ports.js';

import { repoDir } from './shared-data.js';

export interface NodeUtilityProcess extends UtilityProcessLike {
  /** Kills the process from outside, as a crash would end it (the supervisor did not ask). */
  crash(): void;
}

export function spawnNodeUtilityProcess(env: Record<string, string>): NodeUtilityProcess {
  const child = fork(path.join(repoDir, 'tests', 'support', 'utility-process-shim.ts'), [], {
    cwd: repoDir,
    execArgv: ['--import', 'tsx'],
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', ...env },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'advanced',
  });
  return {
    pid: child.pid,
    postMessage: (message) => {
      if (child.connected) child.send(message as object);
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.once('exit', (code, signal) => listener(code ?? (signal === null ? 0 : 1))),
    onStderr: (listener) => child.stderr?.on('data', (chunk: Buffer) => listener(chunk.toString())),
    kill: () => child.kill('SIGKILL'),
    crash: () => child.kill('SIGKILL'),
  };
}
