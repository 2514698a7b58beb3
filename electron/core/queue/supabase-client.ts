import { createClient, type SupabaseClient, type SupabaseClientOptions } from '@supabase/supabase-js';
import WebSocket from 'ws';

/**
 * Every database and storage request gives up after this long unless the settings say otherwise
 * (REQUEST_TIMEOUT_SECONDS); the retry layer decides what next.
 */
const defaultRequestTimeoutMs = 30_000;

type RealtimeTransport = NonNullable<NonNullable<SupabaseClientOptions<'public'>['realtime']>['transport']>;

function fetchWithTimeout(requestTimeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(requestTimeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return fetch(input, { ...init, signal });
  };
}

/**
 * A server-side client: no session, no token refresh, and a WebSocket implementation for Node 20
 * (supabase-js throws at creation without one). Realtime is not used: polling is the source of truth.
 */
export function createSupabaseServiceClient(
  url: string,
  key: string,
  requestTimeoutMs = defaultRequestTimeoutMs,
): SupabaseClient {
  // createClient's generic defaults are `any`; the untyped schema is what the queue's RPC calls use.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-return
  return createClient(url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as unknown as RealtimeTransport },
    global: { fetch: fetchWithTimeout(requestTimeoutMs) },
  });
}
