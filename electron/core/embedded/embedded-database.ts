import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';

import { QueryError } from '../errors.js';
import type { QueueFunctionCall } from '../queue/meeting-queue.js';

/**
 * The embedded default: PostgreSQL in-process (PGlite) in the data folder, running the very same
 * migrations as Supabase, applied once each and recorded where the Supabase CLI records them.
 */
export async function openEmbeddedDatabase(dbDir: string, supabaseDir: string): Promise<PGlite> {
  mkdirSync(dbDir, { recursive: true });
  const db = await PGlite.create(dbDir);
  await db.exec(readFileSync(path.join(supabaseDir, 'platform-shim.sql'), 'utf8'));
  await db.exec(`
    create schema if not exists supabase_migrations;
    create table if not exists supabase_migrations.schema_migrations (
      version text primary key, statements text[], name text);`);
  const applied = new Set(
    (await db.query<{ version: string }>('select version from supabase_migrations.schema_migrations')).rows.map(
      (row) => row.version,
    ),
  );
  const migrationsDir = path.join(supabaseDir, 'migrations');
  for (const file of readdirSync(migrationsDir)
    .filter((name) => name.endsWith('.sql'))
    .sort()) {
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
