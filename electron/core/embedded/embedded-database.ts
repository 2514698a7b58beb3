import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';

import { QueryError } from '../errors.js';
import type { QueueFunctionCall } from '../queue/meeting-queue.js';

/** The database's schema is newer than this build's migrations: it is left exactly as it is. */
export class NewerDatabaseError extends Error {}

/**
 * The embedded default: PostgreSQL in-process (PGlite) in the data folder, running the very same
 * migrations as Supabase, applied once each and recorded where the Supabase CLI records them.
 */
export async function openEmbeddedDatabase(dbDir: string, supabaseDir: string): Promise<PGlite> {
  mkdirSync(dbDir, { recursive: true });
  const db = await PGlite.create(dbDir);
  const migrationsDir = path.join(supabaseDir, 'migrations');
  const files = readdirSync(migrationsDir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  // Read before anything is written: a database from a newer build is left exactly as it is.
  const applied = await appliedVersions(db);
  const newest = files.at(-1)?.split('_')[0] ?? '';
  const newer = [...applied].filter((version) => version > newest);
  if (newer.length > 0) {
    await db.close();
    throw new NewerDatabaseError(
      `The local database in ${dbDir} was written by a newer PC Worker (schema ${newer.sort().at(-1)}). ` +
        'Nothing in it was changed: update PC Worker, or set PC_WORKER_DATA_DIR to another folder.',
    );
  }
  await db.exec(readFileSync(path.join(supabaseDir, 'platform-shim.sql'), 'utf8'));
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, statements text[], name text);`);
  for (const file of files) {
    const [version, ...nameParts] = file.replace(/\.sql$/, '').split('_');
    if (version === undefined || applied.has(version)) continue;
    await db.transaction(async (tx) => {
      await tx.exec(readFileSync(path.join(migrationsDir, file), 'utf8'));
      await tx.query('insert into supabase_migrations.schema_migrations (version, name) values ($1, $2)', [
        version,
        nameParts.join('_'),
      ]);
    });
  }
  return db;
}

async function appliedVersions(db: PGlite): Promise<Set<string>> {
  const table = await db.query<{ t: string | null }>(
    "select to_regclass('supabase_migrations.schema_migrations')::text as t",
  );
  if (table.rows[0]?.t == null) return new Set();
  const rows = await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations');
  return new Set(rows.rows.map((row) => row.version));
}

/** Queue function calls on the embedded database, with the same named arguments as over PostgREST. */
export function pgliteFunctionCall(db: PGlite): QueueFunctionCall {
  return async (fn, args, returns) => {
    const names = Object.keys(args);
    const placeholders = names.map((name, index) => `${name} => $${index + 1}`).join(', ');
    try {
      const result = await db.query<Record<string, unknown>>(
        `select * from public.${fn}(${placeholders})`,
        names.map((name) => args[name]),
      );
      return returns === 'rows' ? result.rows : result.rows[0]?.[fn];
    } catch (error) {
      throw new QueryError(`The local queue call ${fn} failed: ${(error as Error).message}`, false, { cause: error });
    }
  };
}
