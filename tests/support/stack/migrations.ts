// Brings a plain PostgreSQL to the project's schema the way a Supabase project gets it:
// 1. supabase/platform-shim.sql (the API roles and auth.uid() that hosted Supabase already has),
//    applied with `pg`;
// 2. supabase/migrations/*.sql applied by the REAL Supabase CLI (`supabase migration up --db-url`),
//    which also records them in supabase_migrations.schema_migrations, exactly as on a project.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

import { run } from './process-utils.js';

/** The repository root (holds supabase/ and node_modules/). */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

export async function applyPlatformShim(dbUrl: string, root = PROJECT_ROOT): Promise<void> {
  const sql = readFileSync(join(root, 'supabase/platform-shim.sql'), 'utf8');
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * Hosted Supabase's default privileges in `public`: every new function and sequence created by
 * `postgres` is granted to anon, authenticated and service_role (tables no longer are, since late
 * 2026). Applying them before the migrations makes the test database as permissive as a real
 * project, so a migration that forgets to `revoke execute … from anon, authenticated` fails the
 * row-level-security tests here too.
 */
export async function applyHostedDefaultPrivileges(dbUrl: string): Promise<void> {
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    await client.query(`
      alter default privileges for role postgres in schema public
        grant all on functions to anon, authenticated, service_role;
      alter default privileges for role postgres in schema public
        grant all on sequences to anon, authenticated, service_role;
    `);
  } finally {
    await client.end();
  }
}

/** The Supabase CLI binary npm installed (what `npx supabase` runs). */
export function supabaseCli(root = PROJECT_ROOT): { cmd: string; args: string[] } {
  const native = join(root, 'node_modules/@supabase/cli-linux-x64/bin/supabase');
  if (process.platform === 'linux' && process.arch === 'x64' && existsSync(native)) return { cmd: native, args: [] };
  return { cmd: 'npx', args: ['--no-install', 'supabase'] };
}

/** `supabase migration up --db-url <url> --yes`, run in the project root. Returns the CLI's output. */
export async function applyMigrations(dbUrl: string, root = PROJECT_ROOT): Promise<string> {
  const cli = supabaseCli(root);
  const { stdout, stderr } = await run(
    cli.cmd,
    [...cli.args, 'migration', 'up', '--db-url', dbUrl, '--yes', '--workdir', root],
    {
      cwd: root,
      env: { ...process.env, SUPABASE_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1', CI: '1' },
      timeoutMs: 60_000,
    },
  );
  return `${stdout}${stderr}`;
}
