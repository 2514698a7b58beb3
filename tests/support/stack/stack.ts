/**
 * startSupabaseStack(): a real, throwaway Supabase-compatible backend for integration tests.
 *
 *   PostgreSQL 15 (temp cluster) → supabase/platform-shim.sql → hosted default privileges
 *   (functions/sequences granted to the API roles) → supabase/migrations via the real
 *   Supabase CLI → `authenticator` role → PostgREST 12 → Storage-compatible server (temp folder,
 *   bucket `meeting-audio`) → gateway on one port (/rest/v1, /storage/v1), so supabase-js talks to
 *   `stack.url` exactly as to https://<ref>.supabase.co.
 *
 * Always `await stack.stop()` (afterAll): it kills PostgreSQL and PostgREST and removes the temp
 * dirs. If the test process dies first, an exit hook and a detached watchdog do the same.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

import { startGateway, type Gateway, type GatewayFaults, type GatewayRequestLog } from './gateway.js';
import { mintAnonKey, mintServiceKey, mintUserKey, newJwtSecret } from './keys.js';
import { applyHostedDefaultPrivileges, applyMigrations, applyPlatformShim } from './migrations.js';
import { startPostgres, type PostgresCluster } from './postgres.js';
import { createAuthenticatorRole, startPostgrest, type PostgrestServer } from './postgrest.js';
import { startWatchdog, stopWatchdog, trackDir, untrackDir } from './process-utils.js';
import { startStorageServer, type BucketOptions, type StorageFaults, type StorageServer } from './storage-server.js';

export const MEETING_AUDIO_BUCKET = 'meeting-audio';

export interface StackFaults {
  gateway: GatewayFaults;
  storage: StorageFaults;
  /** Clears every fault knob. */
  reset(): void;
}

export interface SupabaseStack {
  /** Gateway base URL: what SUPABASE_URL is for a hosted project. */
  url: string;
  /** JWT API keys (HS256, `role` claim). */
  anonKey: string;
  serviceKey: string;
  /** New-style opaque keys the gateway swaps for the anon / service_role JWTs. */
  publishableKey: string;
  secretKey: string;
  /** A signed-in user's access token (role authenticated, sub = userId; auth.uid() = userId). */
  userKey(userId: string, expiresInSec?: number): Promise<string>;
  jwtSecret: string;
  /** Superuser connection string (bypasses RLS and grants). */
  dbUrl: string;
  /** A pg Pool on dbUrl, as superuser. `set role service_role` inside a client to act as the worker. */
  sql: pg.Pool;
  /** Direct upstream URLs, for when a test must bypass the gateway. */
  restUrl: string;
  storageUrl: string;
  /** The folder backing Storage: objects live at <storageDir>/<bucket>/<path>. */
  storageDir: string;
  createBucket(id: string, opts?: BucketOptions): Promise<void>;
  faults: StackFaults;
  /** Every request the gateway saw (method, path, status). */
  requests: GatewayRequestLog[];
  storageStats: StorageServer['stats'];
  /** Asks PostgREST to reload its schema cache (after DDL in a test) and waits until it is ready. */
  reloadSchema(): Promise<void>;
  /** Milliseconds the stack took to come up. */
  startupMs: number;
  stop(): Promise<void>;
}

export async function startSupabaseStack(): Promise<SupabaseStack> {
  const began = Date.now();
  const jwtSecret = newJwtSecret();
  const cleanups: Array<() => Promise<void>> = [];
  const storageDir = mkdtempSync(join(tmpdir(), 'sb-storage-'));
  trackDir(storageDir);
  cleanups.push(() => {
    rmSync(storageDir, { recursive: true, force: true });
    untrackDir(storageDir);
    return Promise.resolve();
  });
  let stopped = false;
  const stopAll = async () => {
    if (stopped) return;
    stopped = true;
    const errors: unknown[] = [];
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        errors.push(err);
      }
    }
    if (errors.length) throw new AggregateError(errors, 'stopping the Supabase stack failed');
  };

  try {
    const [anonKey, serviceKey, storage] = await Promise.all([
      mintAnonKey(jwtSecret),
      mintServiceKey(jwtSecret),
      startStorageServer({ jwtSecret, dir: storageDir }),
    ]);
    cleanups.push(() => storage.stop());
    await storage.createBucket(MEETING_AUDIO_BUCKET);

    const db: PostgresCluster = await startPostgres();
    cleanups.push(() => db.stop());

    await applyPlatformShim(db.url);
    await applyHostedDefaultPrivileges(db.url);
    await applyMigrations(db.url);
    await createAuthenticatorRole(db.url);

    const rest: PostgrestServer = await startPostgrest({ pgHost: db.host, pgPort: db.port, jwtSecret });
    cleanups.push(() => rest.stop());

    const watchdog = startWatchdog(process.pid, [db.pid, rest.pid], [db.dir, storageDir]);
    cleanups.push(() => {
      stopWatchdog(watchdog);
      return Promise.resolve();
    });

    const publishableKey = `sb_publishable_${randomBytes(16).toString('base64url')}`;
    const secretKey = `sb_secret_${randomBytes(16).toString('base64url')}`;
    const gateway: Gateway = await startGateway({
      restUrl: rest.url,
      storageUrl: storage.url,
      jwtSecret,
      opaqueKeys: { [publishableKey]: anonKey, [secretKey]: serviceKey },
    });
    cleanups.push(() => gateway.stop());

    const sql = new pg.Pool({ connectionString: db.url, max: 10 });
    sql.on('error', () => undefined); // idle clients killed at shutdown
    cleanups.push(() => sql.end());

    const faults: StackFaults = {
      gateway: gateway.faults,
      storage: storage.faults,
      reset() {
        gateway.faults.reset();
        storage.faults.reset();
      },
    };

    return {
      url: gateway.url,
      anonKey,
      serviceKey,
      publishableKey,
      secretKey,
      userKey: (userId, expiresInSec) => mintUserKey(jwtSecret, userId, expiresInSec),
      jwtSecret,
      dbUrl: db.url,
      sql,
      restUrl: rest.url,
      storageUrl: storage.url,
      storageDir,
      createBucket: (id, o) => storage.createBucket(id, o),
      faults,
      requests: gateway.requests,
      storageStats: storage.stats,
      async reloadSchema() {
        await sql.query(`notify pgrst, 'reload schema'`);
        // /ready flips to 503 while reloading; a short settle then readiness poll.
        const deadline = Date.now() + 10_000;
        for (;;) {
          await new Promise((r) => setTimeout(r, 50));
          const res = await fetch(`http://127.0.0.1:${rest.adminPort}/ready`).catch(() => null);
          if (res?.status === 200 || Date.now() > deadline) return;
        }
      },
      startupMs: Date.now() - began,
      stop: stopAll,
    };
  } catch (err) {
    await stopAll().catch(() => undefined);
    throw err;
  }
}
