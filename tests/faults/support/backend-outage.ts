import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type pg from 'pg';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function postgresUser(): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  const [, , uid = '0', gid = '0'] = (line ?? '').split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

/**
 * Restarts the stack's PostgreSQL for real: a fast shutdown of the running postmaster, a pause, then
 * the same command line (postmaster.opts) on the same port. Returns the new postmaster, which the
 * caller stops before the stack does.
 */
export async function restartPostgres(sql: pg.Pool, downMs: number): Promise<ChildProcess> {
  // A pooled connection may be a corpse of the previous restart: the first query can fail once.
  const ask = () => sql.query<{ data_directory: string }>('show data_directory');
  const dataDir = (await ask().catch(ask)).rows[0]?.data_directory ?? '';
  const pid = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const opts = readFileSync(path.join(dataDir, 'postmaster.opts'), 'utf8').trim();
  const [command = '', ...args] = [...opts.matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? '');
  process.kill(pid, 'SIGINT');
  await waitUntil(() => !alive(pid), 20_000, 'PostgreSQL to shut down');
  await new Promise((resolve) => setTimeout(resolve, downMs));
  const owner = process.getuid?.() === 0 ? postgresUser() : {};
  const child = spawn(command, args, {
    ...owner,
    env: { PATH: process.env['PATH'], LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TZ: 'UTC' },
    stdio: 'ignore',
  });
  await waitUntil(
    () =>
      sql.query('select 1').then(
        () => true,
        () => false,
      ),
    30_000,
    'PostgreSQL to accept connections again',
  );
  return child;
}

/** The PostgREST process this test started (a child of this process, found through /proc). */
export function postgrestPid(): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (/postgrest/.test(cmdline) && new RegExp(`PPid:\\s+${process.pid}\\b`).test(status)) return Number(entry);
    } catch {
      // the process went away while we looked
    }
  }
  throw new Error('PostgREST process not found among this test process’s children');
}
