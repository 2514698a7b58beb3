import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { settingsInputSchema, type SaveSettingsResult, type SettingsView } from '../contract/api.js';
import { settingsSchema, toPublicSettings, type Settings } from '../contract/settings.js';

import type { SecretBox } from './ports.js';

/** What the shell fills in before anything was saved (per machine: user-data folder, host name). */
export type SettingsDefaults = Pick<Settings, 'workerId' | 'workerName' | 'dataDir' | 'audioTempDir'> &
  Partial<Pick<Settings, 'logDir' | 'modelCacheDir'>>;

/** The file on disk: settings without the key, and the key sealed by the OS (safeStorage). */
const storedFileSchema = z.object({
  version: z.literal(1),
  settings: z.record(z.string(), z.unknown()),
  sealedKey: z.string().optional(),
  startAtLogin: z.boolean().default(false),
});
type StoredFile = z.infer<typeof storedFileSchema>;

export interface SettingsStore {
  /** For windows: never the key, only whether one is set. */
  view(): SettingsView;
  save(input: unknown): SaveSettingsResult;
  /** For the worker's `init` only: the one place the key is unsealed. */
  forWorker(): Settings;
  startAtLogin(): boolean;
  setStartAtLogin(enabled: boolean): void;
}

type Issue = { field: string; message: string };

export function createSettingsStore(options: {
  dir: string;
  secretBox: SecretBox;
  defaults: SettingsDefaults;
}): SettingsStore {
  const file = path.join(options.dir, 'settings.json');

  const read = (): StoredFile | null => {
    if (!existsSync(file)) return null;
    const parsed = storedFileSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    // A damaged file is treated as absent (first run again) rather than crashing the app at start.
    return parsed.success ? parsed.data : null;
  };
  const write = (stored: StoredFile): void => {
    mkdirSync(options.dir, { recursive: true });
    const temp = `${file}.tmp`;
    writeFileSync(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, file);
  };
  const unsealedKey = (stored: StoredFile | null): string | undefined =>
    stored?.sealedKey === undefined ? undefined : options.secretBox.open(Buffer.from(stored.sealedKey, 'base64'));

  const current = (stored: StoredFile | null): Settings => {
    const merged = { ...options.defaults, ...(stored?.settings ?? {}), dataDir: options.defaults.dataDir };
    const parsed = settingsSchema.safeParse({ ...merged, supabaseKey: unsealedKey(stored) });
    return parsed.success ? parsed.data : settingsSchema.parse(options.defaults);
  };

  const validate = (
    input: unknown,
    stored: StoredFile | null,
  ): { settings: Settings; startAtLogin?: boolean } | Issue[] => {
    const form = settingsInputSchema.safeParse(input);
    if (!form.success)
      return form.error.issues.map((issue) => ({ field: String(issue.path[0] ?? ''), message: issue.message }));
    const { newSupabaseKey, clearSupabaseKey, startAtLogin, ...rest } = form.data;
    const localMode = rest.supabaseUrl === undefined;
    const key = localMode || clearSupabaseKey ? undefined : (newSupabaseKey ?? unsealedKey(stored));
    if (!localMode && key === undefined)
      return [{ field: 'newSupabaseKey', message: 'Enter the service-role key for this Supabase project.' }];
    if (key !== undefined && !options.secretBox.isAvailable()) {
      return [
        {
          field: 'newSupabaseKey',
          message: 'This computer offers no secure storage, so the key cannot be saved safely.',
        },
      ];
    }
    const settings = settingsSchema.parse({ ...rest, supabaseKey: key, dataDir: options.defaults.dataDir });
    return startAtLogin === undefined ? { settings } : { settings, startAtLogin };
  };

  return {
    view() {
      const stored = read();
      return {
        ...toPublicSettings(current(stored)),
        startAtLogin: stored?.startAtLogin ?? false,
        firstRun: stored === null,
      };
    },
    save(input) {
      const stored = read();
      const result = validate(input, stored);
      if (Array.isArray(result)) return { ok: false, issues: result };
      const { supabaseKey, ...plain } = result.settings;
      // The data folder is the user-data folder itself, never stored.
      const plainSettings: Record<string, unknown> = { ...plain };
      delete plainSettings['dataDir'];
      write({
        version: 1,
        settings: plainSettings,
        ...(supabaseKey === undefined ? {} : { sealedKey: options.secretBox.seal(supabaseKey).toString('base64') }),
        startAtLogin: result.startAtLogin ?? stored?.startAtLogin ?? false,
      });
      return { ok: true, settings: this.view() };
    },
    forWorker: () => current(read()),
    startAtLogin: () => read()?.startAtLogin ?? false,
    setStartAtLogin(enabled) {
      const stored = read();
      write({
        version: 1,
        settings: stored?.settings ?? {},
        ...(stored?.sealedKey === undefined ? {} : { sealedKey: stored.sealedKey }),
        startAtLogin: enabled,
      });
    },
  };
}
