// Small helpers shared by the stack parts: free ports, readiness polling, child processes and a
// last-resort cleanup that runs even when the test process exits without calling stop().
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:net';

/** Asks the kernel for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Polls `check` until it returns true (every `intervalMs`), failing after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  {
    timeoutMs = 20_000,
    intervalMs = 25,
    diagnostics,
  }: { timeoutMs?: number; intervalMs?: number; diagnostics?: () => string } = {},
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() > deadline) {
      const extra = diagnostics ? `\n${diagnostics()}` : '';
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}: ${lastError instanceof Error ? lastError.message : 'not ready'}${extra}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command to completion; rejects with its output when it exits non-zero. */
export function run(
  cmd: string,
  args: string[],
  opts: {
    cwd?: string | undefined;
    env?: NodeJS.ProcessEnv | undefined;
    uid?: number | undefined;
    gid?: number | undefined;
    timeoutMs?: number | undefined;
  } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      {
        cwd: opts.cwd,
        env: opts.env,
        uid: opts.uid,
        gid: opts.gid,
        timeout: opts.timeoutMs ?? 60_000,
        maxBuffer: 16 << 20,
      },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`${cmd} ${args.join(' ')} failed: ${err.message}\n${stdout}\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Keeps the last `max` characters a child wrote, for error messages. */
export function captureOutput(child: ChildProcess, max = 8000): () => string {
  let buf = '';
  const add = (d: Buffer) => {
    buf = (buf + d.toString()).slice(-max);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => buf;
}

/** Sends `signal`, then SIGKILL after `graceMs`; resolves once the child has exited. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM', graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

// ---- last-resort cleanup -------------------------------------------------------------------------
// stop() is the normal path. If the process exits first (a crash, an unhandled error, a worker that
// vitest tears down), these synchronous hooks still kill the children and delete the temp dirs.

const pidsToKill = new Set<number>();
const dirsToRemove = new Set<string>();
let hooked = false;

function cleanupSync(): void {
  for (const pid of pidsToKill) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  pidsToKill.clear();
  for (const dir of dirsToRemove) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  dirsToRemove.clear();
}

function installHooks(): void {
  if (hooked) return;
  hooked = true;
  process.once('exit', cleanupSync);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = () => {
      cleanupSync();
      // Only re-raise when nobody else handles the signal, so the default action (exit) still happens.
      if (process.listenerCount(sig) === 0) process.kill(process.pid, sig);
    };
    process.once(sig, onSignal);
  }
}

export function trackPid(pid: number | undefined): void {
  if (pid === undefined) return;
  installHooks();
  pidsToKill.add(pid);
}
export function untrackPid(pid: number | undefined): void {
  if (pid !== undefined) pidsToKill.delete(pid);
}
export function trackDir(dir: string): void {
  installHooks();
  dirsToRemove.add(dir);
}
export function untrackDir(dir: string): void {
  dirsToRemove.delete(dir);
}

/** Spawns a long-running child, tracked for last-resort cleanup. */
export function spawnTracked(
  cmd: string,
  args: string[],
  opts: {
    cwd?: string | undefined;
    env?: NodeJS.ProcessEnv | undefined;
    uid?: number | undefined;
    gid?: number | undefined;
  } = {},
): ChildProcess {
  const child = spawn(cmd, args, { ...opts, stdio: ['ignore', 'pipe', 'pipe'] });
  trackPid(child.pid);
  child.once('exit', () => untrackPid(child.pid));
  return child;
}

/**
 * A detached watchdog shell that outlives a SIGKILLed test process: when `parentPid` is gone it kills
 * `pids` and removes `dirs`. Kill the returned child (stopWatchdog) on a normal stop().
 */
export function startWatchdog(parentPid: number, pids: number[], dirs: string[]): ChildProcess {
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  const script = [
    `while kill -0 ${parentPid} 2>/dev/null; do sleep 1; done`,
    `kill -QUIT ${pids.join(' ')} 2>/dev/null`,
    'sleep 1',
    `kill -KILL ${pids.join(' ')} 2>/dev/null`,
    `rm -rf ${dirs.map(q).join(' ')}`,
  ].join('; ');
  const child = spawn('/bin/sh', ['-c', script], { detached: true, stdio: 'ignore' });
  child.unref();
  return child;
}

export function stopWatchdog(child: ChildProcess): void {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}
