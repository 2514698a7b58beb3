/**
 * A saved secret is sent only to the server it was saved for. The settings form leaves a key field
 * empty to mean "keep the saved key"; if the URL beside it changed, filling in the saved key would
 * hand it to whatever server the new URL names (a typo, or a page that talked someone into it).
 * Shared by the desktop settings store (main) and the headless dashboard (cli).
 */
import type { Settings } from './settings.js';

// WHATWG URL exists wherever the contract runs (Node, Electron, the browser), but the contract's
// tsconfig has neither Node's nor the DOM's types: the one member used here is declared.
declare const URL: new (input: string) => { readonly origin: string };

/** `scheme://host:port` of a URL, or null when it is not one. */
export function originOf(url: string | undefined): string | null {
  if (url === undefined) return null;
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
}

/** The saved key when `url` has the origin it was saved with; otherwise undefined (type it again). */
export function savedKeyFor(
  url: string | undefined,
  saved: { url: string | undefined; key: string | undefined },
): string | undefined {
  const origin = originOf(url);
  return origin !== null && origin === originOf(saved.url) ? saved.key : undefined;
}

/** The key fields of the settings form (see settingsInputSchema). */
export interface KeyFields {
  supabaseUrl?: string | undefined;
  newSupabaseKey?: string | undefined;
  clearSupabaseKey?: boolean | undefined;
  summaryApiUrl?: string | undefined;
  newSummaryApiKey?: string | undefined;
  clearSummaryApiKey?: boolean | undefined;
}

type SavedKeys = Pick<Settings, 'supabaseUrl' | 'supabaseKey' | 'summaryApiUrl' | 'summaryApiKey'>;

/**
 * The keys a save keeps: a typed key, else the saved one if its server did not move, else none — and
 * an issue for the form when a key is needed but the saved one may not follow the new address.
 */
export function keysToSave(
  form: KeyFields,
  saved: SavedKeys,
): { supabaseKey: string | undefined; summaryApiKey: string | undefined } | { field: string; message: string } {
  const localMode = form.supabaseUrl === undefined;
  const supabaseKey =
    localMode || form.clearSupabaseKey === true
      ? undefined
      : (form.newSupabaseKey ?? savedKeyFor(form.supabaseUrl, { url: saved.supabaseUrl, key: saved.supabaseKey }));
  if (!localMode && supabaseKey === undefined) {
    const moved = saved.supabaseKey !== undefined && form.clearSupabaseKey !== true;
    return {
      field: 'newSupabaseKey',
      message: moved
        ? 'The Supabase URL changed: enter the service-role key for this project (a saved key is only sent to the project it was saved for).'
        : 'Enter the service-role key for this Supabase project.',
    };
  }
  // The summary key does not depend on the queue mode; it stays while the summary server stays.
  const summaryStays =
    form.summaryApiUrl === undefined && saved.summaryApiUrl === undefined
      ? saved.summaryApiKey
      : savedKeyFor(form.summaryApiUrl, { url: saved.summaryApiUrl, key: saved.summaryApiKey });
  const summaryApiKey = form.clearSummaryApiKey === true ? undefined : (form.newSummaryApiKey ?? summaryStays);
  if (summaryApiKey === undefined && saved.summaryApiKey !== undefined && form.clearSummaryApiKey !== true)
    return {
      field: 'newSummaryApiKey',
      message:
        'The summary API address changed: enter its API key again, or clear it (a saved key is only sent to the server it was saved for).',
    };
  return { supabaseKey, summaryApiKey };
}

const keyFieldNames: readonly string[] = [
  'newSupabaseKey',
  'clearSupabaseKey',
  'newSummaryApiKey',
  'clearSummaryApiKey',
];

/** The form without its key fields (keysToSave decides the keys): what becomes plain settings. */
export function withoutKeyFields<T extends object>(
  form: T,
): Omit<T, 'newSupabaseKey' | 'clearSupabaseKey' | 'newSummaryApiKey' | 'clearSummaryApiKey'> {
  return Object.fromEntries(Object.entries(form).filter(([field]) => !keyFieldNames.includes(field))) as Omit<
    T,
    'newSupabaseKey' | 'clearSupabaseKey' | 'newSummaryApiKey' | 'clearSummaryApiKey'
  >;
}
