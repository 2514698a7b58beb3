// A throwaway PostgreSQL 15 cluster: initdb into a fresh temp dir, postgres listening on a free
// 127.0.0.1 port (trust auth, superuser `postgres`) and on a unix socket inside the temp dir.
// Durability is off (fsync, synchronous_commit, full_page_writes): the data dies with the test.
// We run as root, and PostgreSQL refuses to: initdb and postgres run as the `postgres` OS user.
import type { ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import {
  captureOutput,
  freePort,
  run,
  spawnTracked,
  stopChild,
  trackDir,
  untrackDir,
  waitFor,
} from './process-utils.js';

export const PG_BIN = process.env['PG_BIN'] ?? '/usr/lib/postgresql/15/bin';

export interface PostgresCluster {
  /** Superuser connection string (postgres@127.0.0.1:port/postgres). */
  url: string;
  port: number;
  host: string;
  /** Temp dir holding the data dir and the unix socket. */
  dir: string;
  socketDir: string;
  pid: number;
  stop(): Promise<void>;
}

function osUser(name: string): { uid: number; gid: number } {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${name}:`));
  if (!line) throw new Error(`OS user ${name} not found (is postgresql-15 installed?)`);
  const [, , uid, gid] = line.split(':');
  return { uid: Number(uid), gid: Number(gid) };
}

export async function startPostgres(): Promise<PostgresCluster> {
  if (!existsSync(join(PG_BIN, 'postgres'))) {
    throw new Error(`PostgreSQL binaries not found in ${PG_BIN}: apt-get install -y postgresql-15`);
  }
  const asRoot = process.getuid?.() === 0;
  const owner = asRoot ? osUser('postgres') : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'sb-pg-'));
  trackDir(dir);
  const dataDir = join(dir, 'data');
  const socketDir = join(dir, 'sock');
  mkdirSync(socketDir);
  if (owner) {
    chownSync(dir, owner.uid, owner.gid);
    chownSync(socketDir, owner.uid, owner.gid);
  }
  const env = { PATH: process.env['PATH'], LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', HOME: dir, TZ: 'UTC' };
  let child: ChildProcess | undefined;
  try {
    await run(
      join(PG_BIN, 'initdb'),
      [
        '-D',
        dataDir,
        '-U',
        'postgres',
        '-A',
        'trust',
        '-E',
        'UTF8',
        '--locale=C.UTF-8',
        '--no-sync',
        '--no-instructions',
      ],
      { env, uid: owner?.uid, gid: owner?.gid },
    );
    const host = '127.0.0.1';
    // A port can be taken between freePort() and bind: retry a few times.
    for (let attempt = 0; ; attempt++) {
      const port = await freePort();
      child = spawnTracked(
        join(PG_BIN, 'postgres'),
        [
          '-D',
          dataDir,
          '-c',
          `port=${port}`,
          '-c',
          `listen_addresses=${host}`,
          '-c',
          `unix_socket_directories=${socketDir}`,
          '-c',
          'fsync=off',
          '-c',
          'synchronous_commit=off',
          '-c',
          'full_page_writes=off',
          '-c',
          'max_connections=100',
          '-c',
          'shared_buffers=32MB',
          '-c',
          'log_min_messages=warning',
          '-c',
          'timezone=UTC',
        ],
        { env, uid: owner?.uid, gid: owner?.gid },
      );
      const output = captureOutput(child);
      const proc = child;
      const url = `postgres://postgres@${host}:${port}/postgres`;
      try {
        await waitFor(
          'PostgreSQL to accept connections',
          async () => {
            if (proc.exitCode !== null) throw new Error(`postgres exited with ${proc.exitCode}`);
            const c = new pg.Client({ connectionString: url });
            try {
              await c.connect();
              await c.query('select 1');
              return true;
            } finally {
              await c.end().catch(() => undefined);
            }
          },
          { timeoutMs: 20_000, diagnostics: output },
        );
      } catch (err) {
        await stopChild(proc, 'SIGQUIT');
        if (attempt < 3 && /already in use|could not bind/i.test(output())) continue;
        throw err;
      }
      const stop = async () => {
        // Immediate shutdown: nothing here needs to survive.
        await stopChild(proc, 'SIGQUIT', 3000);
        rmSync(dir, { recursive: true, force: true });
        untrackDir(dir);
      };
      return { url, port, host, dir, socketDir, pid: proc.pid ?? -1, stop };
    }
  } catch (err) {
    if (child) await stopChild(child, 'SIGQUIT');
    rmSync(dir, { recursive: true, force: true });
    untrackDir(dir);
    throw err;
  }
}
