import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';

/** Every database and storage request gives up after this long; the retry layer decides what next. */
const requestTimeoutMs = 30_000;

function fetchWithTimeout(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const timeout = AbortSignal.timeout(requestTimeoutMs);
  const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
  return fetch(input, { ...init, signal });
}

/**
 * A server-side client: no session, no token refresh, and a WebSocket implementation for Node 20
 * (supabase-js throws at creation without one). Realtime is not used: polling is the source of truth.
 */
export function createSupabaseServiceClient(url: string, key: string): SupabaseClient {
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as typeof globalThis.WebSocket },
    global: { fetch: fetchWithTimeout },
  });
}
