// Ways into the stack that tests share: supabase-js clients (as the worker and the web app build
// them) and direct SQL under an API role (what PostgREST does for a request).
import { createClient } from '@supabase/supabase-js';
import type pg from 'pg';
import WebSocket from 'ws';

/**
 * A supabase-js client on the stack's gateway. `accessToken` is a signed-in user's JWT (sent as
 * Authorization while `key` stays the apikey, as supabase-js does after sign-in).
 * Node 20 has no global WebSocket: supabase-js needs `ws` passed in.
 */
export function supabaseClient(url: string, key: string, accessToken?: string) {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as never },
    global: accessToken ? { headers: { Authorization: `Bearer ${accessToken}` } } : {},
  });
}

/** The client type supabaseClient() returns (no generated database types). */
export type StackClient = ReturnType<typeof supabaseClient>;

export interface RpcOutcome<T> {
  data: T | null;
  error: { message: string; code?: string } | null;
  status: number;
}

/** `client.rpc(fn, args)` with the result typed as `T` (the stack has no generated database types). */
export async function rpc<T = unknown>(
  client: StackClient,
  fn: string,
  args: Record<string, unknown>,
): Promise<RpcOutcome<T>> {
  const res = await client.rpc(fn, args);
  return { data: res.data as T | null, error: res.error, status: res.status };
}

export type ApiRole = 'anon' | 'authenticated' | 'service_role';

/**
 * Runs `fn` on one connection acting as `role` (and as user `sub` for auth.uid()), the way PostgREST
 * runs a request. The connection is reset before it returns to the pool.
 */
export async function withRole<T>(
  pool: pg.Pool,
  role: ApiRole,
  fn: (client: pg.PoolClient) => Promise<T>,
  sub?: string,
): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`select set_config('role', $1, false), set_config('request.jwt.claims', $2, false)`, [
      role,
      JSON.stringify(sub ? { role, sub } : { role }),
    ]);
    return await fn(client);
  } finally {
    await client.query('reset role; reset all').catch(() => undefined);
    client.release();
  }
}

/** A dedicated connection already switched to `role` (for tests that hold transactions open). */
export async function connectAs(pool: pg.Pool, role: ApiRole): Promise<pg.PoolClient & { done(): Promise<void> }> {
  const client = (await pool.connect()) as pg.PoolClient & { done(): Promise<void> };
  await client.query(`select set_config('role', $1, false)`, [role]);
  client.done = async () => {
    await client.query('rollback').catch(() => undefined);
    await client.query('reset role; reset all').catch(() => undefined);
    client.release();
  };
  return client;
}
