import { randomUUID } from 'node:crypto';

import type { ConnectionCheck, ConnectionTestInput, ConnectionTestResult } from '../contract/api.js';
import { connectionCheckNames } from '../contract/api.js';
import { settingsSchema } from '../contract/settings.js';

import { createSupabaseServiceClient } from './queue/supabase-client.js';

type CheckName = ConnectionCheck['check'];
type Outcome = { status: 'passed' | 'failed'; message: string };
const passed = (message: string): Outcome => ({ status: 'passed', message });
const failed = (message: string): Outcome => ({ status: 'failed', message });

const reachTimeoutMs = 10_000;

/** The role a legacy JWT key carries, or what a new-style opaque key is; null when it cannot be told. */
function keyRole(key: string): string | null {
  if (key.startsWith('sb_publishable_')) return 'anon';
  if (key.startsWith('sb_secret_')) return 'service_role';
  const payload = key.split('.')[1];
  if (payload === undefined) return null;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { role?: unknown };
    return typeof claims.role === 'string' ? claims.role : null;
  } catch {
    return null;
  }
}

async function checkReachAndKey(url: string, key: string): Promise<[Outcome, Outcome | null]> {
  let response: Response;
  try {
    response = await fetch(new URL('/rest/v1/', url), {
      headers: { apikey: key, authorization: `Bearer ${key}` },
      signal: AbortSignal.timeout(reachTimeoutMs),
    });
  } catch (error) {
    const reason = (error as Error & { cause?: { code?: string; message?: string } }).cause;
    const cause = reason?.code ?? reason?.message ?? (error as Error).message;
    return [failed(`Could not reach ${new URL(url).host} (${cause}). Check the address and your network.`), null];
  }
  const reach = passed(`${new URL(url).host} answered.`);
  if (response.status === 401 || response.status === 403) {
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    return [
      reach,
      failed(`The key was refused: ${body.message ?? `HTTP ${response.status}`}. Copy the service-role key again.`),
    ];
  }
  if (response.status === 404) {
    return [failed(`${new URL(url).host} answers, but it is not a Supabase API (no /rest/v1). Check the URL.`), null];
  }
  const role = keyRole(key);
  if (role !== null && role !== 'service_role') {
    return [reach, failed(`This is the ${role} key; the worker needs the service-role (secret) key.`)];
  }
  return [reach, passed('The key was accepted.')];
}

/** PostgREST error codes: PGRST205/PGRST202 = table/function not in the schema; 42501 = no privilege. */
function classify(what: string, error: { code?: string; message: string }): { check: CheckName; outcome: Outcome } {
  if (error.code === 'PGRST205' || error.code === 'PGRST202' || error.code === '42P01' || error.code === '42883') {
    const hint = 'Apply the PC Worker migrations (supabase/migrations) to this project.';
    return { check: 'schema', outcome: failed(`${what} is missing. ${hint}`) };
  }
  if (error.code === '42501') {
    const hint = 'Re-run the migrations: they grant the service role what it needs.';
    return { check: 'grants', outcome: failed(`The service role may not use ${what} (${error.message}). ${hint}`) };
  }
  return { check: 'schema', outcome: failed(`Reading ${what} failed: ${error.message}`) };
}

async function checkDatabase(url: string, key: string): Promise<Partial<Record<CheckName, Outcome>>> {
  const client = createSupabaseServiceClient(url, key);
  // A GET, not a HEAD: PostgREST's error body (with its code) is what tells a missing table from a missing grant.
  const table = await client.from('meetings').select('id').limit(1);
  if (table.error !== null) {
    const { check, outcome } = classify('the meetings table', table.error);
    return { [check]: outcome };
  }
  // retry_meeting on an id that cannot exist changes nothing: a harmless probe of the queue functions.
  const fn = await client.rpc('retry_meeting', { p_meeting_id: randomUUID() });
  if (fn.error !== null) {
    const { check, outcome } = classify('the queue function retry_meeting', fn.error);
    return { [check]: outcome };
  }
  return {
    schema: passed('The meetings table and queue functions exist.'),
    grants: passed('The service role may read the queue and call its functions.'),
  };
}

async function checkBucket(url: string, key: string, bucket: string): Promise<Outcome> {
  const client = createSupabaseServiceClient(url, key);
  const { error } = await client.storage.getBucket(bucket);
  if (error === null) return passed(`The storage bucket '${bucket}' exists.`);
  if (/not found/i.test(error.message)) {
    return failed(`The storage bucket '${bucket}' does not exist. Create it in Supabase Storage or fix the name.`);
  }
  return failed(`Storage refused to describe bucket '${bucket}': ${error.message}`);
}

/** Runs the checks in order; once one fails, those that depend on it are skipped, so the first failure is the cause. */
export async function testConnection(input: ConnectionTestInput): Promise<ConnectionTestResult> {
  const results: Partial<Record<CheckName, Outcome>> = {};
  const url = settingsSchema.shape.supabaseUrl.safeParse(input.supabaseUrl);
  const key = input.supabaseKey ?? '';
  if (!url.success || url.data === undefined) {
    results.url = failed(url.error?.issues[0]?.message ?? 'Enter the Supabase URL.');
  } else if (key.length === 0) {
    results.url = passed('The URL is well formed.');
    results.key = failed('Enter the service-role key.');
  } else {
    results.url = passed('The URL is well formed.');
    const [reach, keyOutcome] = await checkReachAndKey(url.data, key);
    results.reach = reach;
    if (keyOutcome !== null) results.key = keyOutcome;
    if (keyOutcome?.status === 'passed') {
      Object.assign(results, await checkDatabase(url.data, key));
      results.bucket = await checkBucket(url.data, key, input.storageBucket);
    }
  }
  const checks = connectionCheckNames.map((check): ConnectionCheck => {
    const outcome = results[check];
    return outcome === undefined ? { check, status: 'skipped', message: 'Not checked.' } : { check, ...outcome };
  });
  return { ok: checks.every((check) => check.status === 'passed'), checks };
}
