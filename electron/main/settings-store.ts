import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { settingsInputSchema, type SaveSettingsResult, type SettingsView } from '../contract/api.js';
import { keysToSave, withoutKeyFields } from '../contract/key-origin.js';
import { settingsSchema, toPublicSettings, type Settings } from '../contract/settings.js';

import type { SecretBox } from './ports.js';

/** What the shell fills in before anything was saved (per machine: user-data folder, host name). */
export type SettingsDefaults = Pick<Settings, 'workerId' | 'workerName' | 'dataDir' | 'audioTempDir'> &
  Partial<Pick<Settings, 'logDir' | 'modelCacheDir'>>;

/** The file on disk: settings without the keys, and each key sealed by the OS (safeStorage). */
const storedFileSchema = z.object({
  version: z.literal(1),
  settings: z.record(z.string(), z.unknown()),
  /** The Supabase service-role key. */
  sealedKey: z.string().optional(),
  /** The bearer token of the OpenAI-compatible summary API. */
  sealedSummaryApiKey: z.string().optional(),
  startAtLogin: z.boolean().default(false),
  /** The tray's "Pause on battery" (battery-pause.ts); a shell preference, never sent to the worker. */
  pauseOnBattery: z.boolean().default(false),
});
type StoredFile = z.infer<typeof storedFileSchema>;
type SealedKeys = Pick<StoredFile, 'sealedKey' | 'sealedSummaryApiKey'>;

/** The sealed keys of a stored file, to carry over unchanged when only other fields are written. */
function sealedKeysOf(stored: StoredFile | null): SealedKeys {
  return {
    ...(stored?.sealedKey === undefined ? {} : { sealedKey: stored.sealedKey }),
    ...(stored?.sealedSummaryApiKey === undefined ? {} : { sealedSummaryApiKey: stored.sealedSummaryApiKey }),
  };
}

/** The file as it is, with one shell preference changed. */
function withPreference(
  stored: StoredFile | null,
  change: Partial<Pick<StoredFile, 'startAtLogin' | 'pauseOnBattery'>>,
): StoredFile {
  return {
    version: 1,
    settings: stored?.settings ?? {},
    ...sealedKeysOf(stored),
    startAtLogin: stored?.startAtLogin ?? false,
    pauseOnBattery: stored?.pauseOnBattery ?? false,
    ...change,
  };
}

export interface SettingsStore {
  /** For windows: never a key, only whether one is set. */
  view(): SettingsView;
  save(input: unknown): SaveSettingsResult;
  /** For the worker's `init` only: the one place the keys are unsealed. */
  forWorker(): Settings;
  startAtLogin(): boolean;
  setStartAtLogin(enabled: boolean): void;
  pauseOnBattery(): boolean;
  setPauseOnBattery(enabled: boolean): void;
}

type Issue = { field: string; message: string };

/** Never written as plain settings: the keys are stored sealed, the data folder is the user-data folder. */
const unstoredFields = new Set(['supabaseKey', 'summaryApiKey', 'dataDir']);
const noSecureStorage = 'This computer offers no secure storage, so the key cannot be saved safely.';

/** JSON.parse that answers undefined for text that is not JSON (a file cut short by a crash or a disk). */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function createSettingsStore(options: {
  dir: string;
  secretBox: SecretBox;
  defaults: SettingsDefaults;
}): SettingsStore {
  const file = path.join(options.dir, 'settings.json');
  const damagedCopy = path.join(options.dir, 'settings.damaged.json');

  const read = (): StoredFile | null => {
    if (!existsSync(file)) return null;
    const text = readFileSync(file, 'utf8');
    const parsed = storedFileSchema.safeParse(parseJson(text));
    if (parsed.success) return parsed.data;
    // A damaged file must neither stop the app at start nor be lost when the settings are saved again:
    // it is kept beside as settings.damaged.json (the first damaged copy wins) and treated as a first run.
    if (!existsSync(damagedCopy)) writeFileSync(damagedCopy, text, { mode: 0o600 });
    return null;
  };
  const write = (stored: StoredFile): void => {
    mkdirSync(options.dir, { recursive: true });
    const temp = `${file}.tmp`;
    writeFileSync(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  };
  const unseal = (sealed: string | undefined): string | undefined =>
    sealed === undefined ? undefined : options.secretBox.open(Buffer.from(sealed, 'base64'));
  const seal = (plain: string | undefined): string | undefined =>
    plain === undefined ? undefined : options.secretBox.seal(plain).toString('base64');
  const sealedKeys = (settings: Settings): SealedKeys => {
    const sealedKey = seal(settings.supabaseKey);
    const sealedSummaryApiKey = seal(settings.summaryApiKey);
    return {
      ...(sealedKey === undefined ? {} : { sealedKey }),
      ...(sealedSummaryApiKey === undefined ? {} : { sealedSummaryApiKey }),
    };
  };

  /**
   * The stored settings over the defaults. A stored field that no longer validates falls back to its
   * default on its own and is reported, so one bad value never drops the Supabase URL and key with it
   * (the worker would quietly switch to local mode). The file itself is left as it is.
   */
  const resolve = (stored: StoredFile | null): { settings: Settings; problems: Issue[] } => {
    // The keys come from their sealed fields only, whatever the plain settings may hold.
    const keys = { supabaseKey: unseal(stored?.sealedKey), summaryApiKey: unseal(stored?.sealedSummaryApiKey) };
    let fields: Record<string, unknown> = { ...(stored?.settings ?? {}) };
    const problems: Issue[] = [];
    for (;;) {
      const parsed = settingsSchema.safeParse({
        ...options.defaults,
        ...fields,
        dataDir: options.defaults.dataDir,
        ...keys,
      });
      if (parsed.success) return { settings: parsed.data, problems };
      const stale = parsed.error.issues.filter((issue) => String(issue.path[0] ?? '') in fields);
      if (stale.length === 0) {
        problems.push({ field: '', message: parsed.error.issues[0]?.message ?? 'invalid settings' });
        return { settings: settingsSchema.parse({ ...options.defaults, ...keys }), problems };
      }
      for (const issue of stale) {
        const field = String(issue.path[0]);
        if (!(field in fields)) continue;
        problems.push({
          field,
          message: `${issue.message} (saved: ${JSON.stringify(fields[field])}); the default is used`,
        });
        fields = Object.fromEntries(Object.entries(fields).filter(([name]) => name !== field));
      }
    }
  };
  const current = (stored: StoredFile | null): Settings => resolve(stored).settings;

  const validate = (
    input: unknown,
    stored: StoredFile | null,
  ): { settings: Settings; startAtLogin?: boolean } | Issue[] => {
    const form = settingsInputSchema.safeParse(input);
    if (!form.success)
      return form.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ''), message: issue.message }));
    const { startAtLogin, ...rest } = withoutKeyFields(form.data);
    const keys = keysToSave(form.data, current(stored));
    if ('field' in keys) return [keys];
    const { supabaseKey: key, summaryApiKey } = keys;
    const insecure = !options.secretBox.isAvailable();
    if (insecure && key !== undefined) return [{ field: 'newSupabaseKey', message: noSecureStorage }];
    if (insecure && summaryApiKey !== undefined) return [{ field: 'newSummaryApiKey', message: noSecureStorage }];
    const settings = settingsSchema.parse({
      ...rest,
      supabaseKey: key,
      summaryApiKey,
      dataDir: options.defaults.dataDir,
    });
    return startAtLogin === undefined ? { settings } : { settings, startAtLogin };
  };

  return {
    view() {
      const stored = read();
      const { settings, problems } = resolve(stored);
      return {
        ...toPublicSettings(settings),
        startAtLogin: stored?.startAtLogin ?? false,
        firstRun: stored === null,
        ...(problems.length === 0 ? {} : { storedProblems: problems }),
      };
    },
    save(input) {
      const stored = read();
      const result = validate(input, stored);
      if (Array.isArray(result)) return { ok: false, issues: result };
      const plainSettings = Object.fromEntries(
        Object.entries(result.settings).filter(([field]) => !unstoredFields.has(field)),
      );
      write({
        version: 1,
        settings: plainSettings,
        ...sealedKeys(result.settings),
        startAtLogin: result.startAtLogin ?? stored?.startAtLogin ?? false,
        pauseOnBattery: stored?.pauseOnBattery ?? false,
      });
      return { ok: true, settings: this.view() };
    },
    forWorker: () => current(read()),
    startAtLogin: () => read()?.startAtLogin ?? false,
    setStartAtLogin(enabled) {
      write(withPreference(read(), { startAtLogin: enabled }));
    },
    pauseOnBattery: () => read()?.pauseOnBattery ?? false,
    setPauseOnBattery(enabled) {
      write(withPreference(read(), { pauseOnBattery: enabled }));
    },
  };
}
