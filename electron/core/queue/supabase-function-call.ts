import type { SupabaseClient } from '@supabase/supabase-js';

import { ConnectionError, QueryError } from '../errors.js';

import type { QueueFunctionCall } from './meeting-queue.js';

/**
 * Calls a queue function through PostgREST (`POST /rest/v1/rpc/<fn>`). Unreachable server, gateway
 * errors and a database PostgREST cannot reach are retryable; a refused call (missing grant or
 * migration) is not, and says what to check.
 */
export function supabaseFunctionCall(client: SupabaseClient): QueueFunctionCall {
  return async (fn, args) => {
    const response = await client.rpc(fn, args);
    const { error, status } = response;
    if (error === null) return response.data as unknown;
    if (status === 0 || status >= 500 || status === 408 || status === 429) {
      throw new ConnectionError(`The database could not be reached (${fn}, HTTP ${status || 'no response'}).`, {
        cause: error,
      });
    }
    if (status === 401 || status === 403 || status === 404) {
      throw new QueryError(
        `The database refused ${fn} (HTTP ${status}): check that SUPABASE_KEY is the service-role key and that the PC Worker migrations are applied.`,
        false,
        { cause: error },
      );
    }
    throw new QueryError(`The database call ${fn} failed (HTTP ${status}): ${error.message}`, false, { cause: error });
  };
}
