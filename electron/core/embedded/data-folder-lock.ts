import { closeSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';

/** Who holds a data folder's embedded database. */
export interface LockOwner {
  pid: number;
  /** When the holding process started (ms since the epoch): tells a live holder from a reused pid. */
  startedAt: number;
  /** What the holder is, for the message a second process shows ("pc-worker serve"). */
  command: string;
  /** A command that holds the folder for a moment (enqueue, list, export): worth waiting for. */
  transient: boolean;
}

export interface DataFolderLock {
  readonly file: string;
  release(): void;
}

export type LockAttempt = { ok: true; lock: DataFolderLock } | { ok: false; owner: LockOwner };

export const lockFileName = 'db.lock';

/** Clock ticks per second of /proc/<pid>/stat's start time: 100 on every Linux architecture Node runs on. */
const clockTicks = 100;

/**
 * When process `pid` started, in ms since the epoch, from /proc (Linux); null where /proc is absent or
 * the process is gone. Elsewhere a holder's liveness rests on the pid alone.
 */
export function processStartTime(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootLine = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (!Number.isFinite(ticks) || bootLine === null) return null;
    return Number(bootLine[1]) * 1000 + (ticks * 1000) / clockTicks;
  } catch {
    return null;
  }
}

function ownStartTime(): number {
  return processStartTime(process.pid) ?? Date.now() - process.uptime() * 1000;
}

/** Whether the recorded holder still runs: its pid answers and, where /proc tells, it started when it said. */
function isAlive(owner: LockOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    // EPERM: a process of another user has that pid, so it is alive (and not us).
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const started = processStartTime(owner.pid);
  // Two seconds of slack: the holder wrote its start time from the same /proc field, rounded.
  return started === null || Math.abs(started - owner.startedAt) < 2000;
}

function readOwner(file: string): LockOwner | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockOwner>;
    if (typeof parsed.pid !== 'number' || typeof parsed.startedAt !== 'number') return null;
    return {
      pid: parsed.pid,
      startedAt: parsed.startedAt,
      command: parsed.command ?? 'pc-worker',
      transient: parsed.transient === true,
    };
  } catch {
    return null;
  }
}

/**
 * Takes the data folder's lock, so that exactly one process opens its PGlite database (two writers
 * corrupt it: see tests/faults/embedded-owner.test.ts). The lock file is created exclusively; a lock
 * left by a dead process is moved aside (a rename only one contender can win) and taken over.
 */
export function tryLockDataFolder(dataDir: string, command: string, transient = false): LockAttempt {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, lockFileName);
  const me: LockOwner = { pid: process.pid, startedAt: ownStartTime(), command, transient };
  for (let attempt = 0; attempt < 5; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = readOwner(file);
      // A lock being written right now reads as empty: give its writer a moment.
      if (owner === null && attempt < 2) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
        continue;
      }
      if (owner !== null && isAlive(owner)) return { ok: false, owner };
      try {
        renameSync(file, `${file}.stale-${process.pid}`);
        rmSync(`${file}.stale-${process.pid}`, { force: true });
      } catch {
        // Another contender moved it first; try again from the top.
      }
      continue;
    }
    writeSync(fd, JSON.stringify(me));
    closeSync(fd);
    return {
      ok: true,
      lock: {
        file,
        release() {
          // Only our own lock: after a takeover by someone else, the file is theirs.
          if (readOwner(file)?.pid === process.pid) rmSync(file, { force: true });
        },
      },
    };
  }
  const owner = readOwner(file);
  if (owner !== null) return { ok: false, owner };
  throw new Error(`Could not take the lock ${file}: it keeps changing. Is another pc-worker starting?`);
}

/** Who holds the folder now, or null when nobody (alive) does. */
export function currentOwner(dataDir: string): LockOwner | null {
  const owner = readOwner(path.join(dataDir, lockFileName));
  return owner !== null && isAlive(owner) ? owner : null;
}
