import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { loadSettings, SettingsError } from '../../../../electron/core/config/load-settings.js';
import { sealingKeyFile, writeSettingsFile } from '../../../../electron/core/config/settings-file.js';

/** The headless settings file as the dashboard writes it, read back by the worker's own loader. */
describe('the headless settings file', () => {
  let dir = '';
  let file = '';
  const supabaseKey = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2VydmljZS1zaWduYXR1cmU';
  const summaryApiKey = 'sk-summary-0123456789abcdef';
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-settings-file-'));
    file = path.join(dir, 'etc', 'settings.json');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const saved = () => {
    const settings = loadSettings({ env: { PC_WORKER_DATA_DIR: dir } });
    return { ...settings, supabaseUrl: 'https://abcd.supabase.co', supabaseKey, summaryApiKey, workerId: 'lab-3' };
  };

  it('holds neither key in plain text, and the worker reads both back', async () => {
    await writeSettingsFile(file, saved());
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(supabaseKey);
    expect(text).not.toContain(supabaseKey.split('.')[2]);
    expect(text).not.toContain(summaryApiKey);
    const stored = JSON.parse(text) as Record<string, unknown>;
    expect(String(stored['supabaseKey'])).toMatch(/^sealed:v1:/);
    expect(stored).toMatchObject({ workerId: 'lab-3' });
    expect(stored).not.toHaveProperty('dataDir');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(sealingKeyFile(file)).mode & 0o777).toBe(0o600);
    const loaded = loadSettings({ env: { PC_WORKER_DATA_DIR: dir }, settingsFile: file });
    expect(loaded).toMatchObject({ supabaseKey, summaryApiKey, workerId: 'lab-3' });
  });

  it('refuses to start with a sealed key it cannot open, unless the environment gives the key', async () => {
    await writeSettingsFile(file, saved());
    rmSync(sealingKeyFile(file));
    const load = (env: Record<string, string>) =>
      loadSettings({ env: { PC_WORKER_DATA_DIR: dir, ...env }, settingsFile: file });
    expect(() => load({})).toThrow(SettingsError);
    expect(() => load({})).toThrow(/supabaseKey in .*settings\.json is sealed with .*settings\.key, which is missing/);
    const fromEnvironment = load({ SUPABASE_KEY: 'key-from-the-environment', SUMMARY_API_KEY: 'sk-env' });
    expect(fromEnvironment.supabaseKey).toBe('key-from-the-environment');
  });

  it('still reads a key written by hand in plain text, and writes no key file when there is no key', async () => {
    const handFile = path.join(dir, 'hand-written.json');
    writeFileSync(handFile, JSON.stringify({ supabaseUrl: 'https://abcd.supabase.co', supabaseKey }));
    const handWritten = loadSettings({ env: { PC_WORKER_DATA_DIR: dir }, settingsFile: handFile });
    expect(handWritten.supabaseKey).toBe(supabaseKey);
    const local = loadSettings({ env: { PC_WORKER_DATA_DIR: dir }, settingsFile: path.join(dir, 'none.json') });
    await writeSettingsFile(file, local);
    expect(existsSync(sealingKeyFile(file))).toBe(false);
    expect(loadSettings({ env: { PC_WORKER_DATA_DIR: dir }, settingsFile: file }).supabaseUrl).toBeUndefined();
  });
});
