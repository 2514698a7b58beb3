import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { SecretBox } from '../../../electron/main/ports.js';
import { createSettingsStore, type SettingsStore } from '../../../electron/main/settings-store.js';
import { windowsAtStart } from '../../../electron/main/shell-actions.js';

/** AES-256-GCM with a per-test key: reversible like safeStorage, and the file never holds plain text. */
function aesSecretBox(available = true): SecretBox {
  const key = randomBytes(32);
  return {
    isAvailable: () => available,
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

const key = 'eyJhbGciOiJIUzI1NiJ9.service-role-secret.signature';
const local = { workerId: 'desk-1', workerName: 'Office PC', audioTempDir: '/tmp/pcw-audio' };
const withoutKey = { ...local, supabaseUrl: 'https://abcd.supabase.co' };
const form = { ...withoutKey, newSupabaseKey: key };

describe('settings store', () => {
  let dir = '';
  let store: SettingsStore;
  const open = (box = aesSecretBox()) =>
    createSettingsStore({
      dir,
      secretBox: box,
      defaults: { workerId: 'pc-host', workerName: 'host', dataDir: dir, audioTempDir: '/tmp/a' },
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-settings-'));
    store = open();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts as a first run in local mode with the defaults', () => {
    const view = store.view();
    expect(view).toMatchObject({ firstRun: true, workerId: 'pc-host', hasSupabaseKey: false, startAtLogin: false });
    expect(view.supabaseUrl).toBeUndefined();
  });

  it('seals the key: the file never holds it, windows see only that one is set, the worker gets it', () => {
    const saved = store.save(form);
    expect(saved).toMatchObject({
      ok: true,
      settings: { hasSupabaseKey: true, firstRun: false, workerName: 'Office PC' },
    });
    const file = readFileSync(path.join(dir, 'settings.json'), 'utf8');
    expect(file).not.toContain('service-role-secret');
    expect(JSON.stringify(store.view())).not.toContain('service-role-secret');
    expect(statSync(path.join(dir, 'settings.json')).mode & 0o777).toBe(0o600);
    expect(store.forWorker().supabaseKey).toBe(key);
  });

  it('keeps the stored key when the form leaves it empty, and drops it in local mode', () => {
    store.save(form);
    expect(store.save({ ...withoutKey, workerName: 'Renamed' })).toMatchObject({ ok: true });
    expect(store.forWorker()).toMatchObject({ workerName: 'Renamed', supabaseKey: key });
    expect(store.save(local)).toMatchObject({ ok: true, settings: { hasSupabaseKey: false } });
    expect(store.forWorker().supabaseKey).toBeUndefined();
  });

  it('answers with a message per field for invalid input and writes nothing', () => {
    const result = store.save({
      ...form,
      supabaseUrl: 'abcd.supabase.co',
      maxConcurrentJobs: 0,
      workerId: 'has spaces',
    });
    expect(result.ok).toBe(false);
    const fields = result.ok ? [] : result.issues.map((issue) => issue.field);
    expect(fields).toEqual(expect.arrayContaining(['supabaseUrl', 'maxConcurrentJobs', 'workerId']));
    expect(result.ok ? '' : result.issues.find((issue) => issue.field === 'supabaseUrl')?.message).toMatch(/full URL/);
    expect(store.view().firstRun).toBe(true);
  });

  it('asks for a key when a Supabase URL is given without one', () => {
    expect(store.save(withoutKey)).toEqual({
      ok: false,
      issues: [{ field: 'newSupabaseKey', message: 'Enter the service-role key for this Supabase project.' }],
    });
  });

  it('refuses to store a key where the OS offers no secure storage', () => {
    const insecure = open(aesSecretBox(false));
    const result = insecure.save(form);
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'newSupabaseKey' }] });
  });

  describe('the summary API key', () => {
    const summaryKey = 'sk-summary-endpoint-secret-0123456789';
    const endpoint = {
      summaryBackend: 'openai-compatible',
      summaryApiUrl: 'http://127.0.0.1:11434/v1',
      summaryApiModel: 'llama3.2',
    } as const;
    const settingsFile = () => readFileSync(path.join(dir, 'settings.json'), 'utf8');

    it('is sealed on disk, absent from the view, and unsealed for the worker only', () => {
      const box = aesSecretBox();
      const sealing = open(box);
      const saved = sealing.save({ ...local, ...endpoint, newSummaryApiKey: summaryKey });
      expect(saved).toMatchObject({ ok: true, settings: { hasSummaryApiKey: true, summaryApiModel: 'llama3.2' } });
      expect(settingsFile()).not.toContain('summary-endpoint-secret');
      expect((JSON.parse(settingsFile()) as { sealedSummaryApiKey?: unknown }).sealedSummaryApiKey).toEqual(
        expect.stringMatching(/^[A-Za-z0-9+/=]{20,}$/),
      );
      expect(JSON.stringify(sealing.view())).not.toContain('summary-endpoint-secret');
      expect(sealing.view()).not.toHaveProperty('summaryApiKey');
      // A store opened afresh (the next start) reads it back from the sealed field.
      expect(open(box).forWorker()).toMatchObject({ ...endpoint, summaryApiKey: summaryKey });
    });

    it('is kept when the form leaves it out, in either queue mode, and beside the Supabase key', () => {
      store.save({ ...form, ...endpoint, newSummaryApiKey: summaryKey });
      expect(store.save({ ...withoutKey, ...endpoint, workerName: 'Renamed' })).toMatchObject({ ok: true });
      expect(store.forWorker()).toMatchObject({ workerName: 'Renamed', supabaseKey: key, summaryApiKey: summaryKey });
      expect(store.save({ ...local, ...endpoint })).toMatchObject({ ok: true, settings: { hasSummaryApiKey: true } });
      expect(store.forWorker()).toMatchObject({ supabaseKey: undefined, summaryApiKey: summaryKey });
      store.setStartAtLogin(true);
      expect(store.forWorker().summaryApiKey).toBe(summaryKey);
    });

    it('is replaced by a new one and removed by clearSummaryApiKey', () => {
      store.save({ ...local, ...endpoint, newSummaryApiKey: summaryKey });
      store.save({ ...local, ...endpoint, newSummaryApiKey: 'sk-replacement-key' });
      expect(store.forWorker().summaryApiKey).toBe('sk-replacement-key');
      expect(store.save({ ...local, ...endpoint, clearSummaryApiKey: true })).toMatchObject({
        ok: true,
        settings: { hasSummaryApiKey: false },
      });
      expect(store.forWorker().summaryApiKey).toBeUndefined();
      expect(JSON.parse(settingsFile())).not.toHaveProperty('sealedSummaryApiKey');
    });

    it('is never read from the plain settings, even if an older file holds it there', () => {
      store.save({ ...local, ...endpoint });
      const stored = JSON.parse(settingsFile()) as { settings: Record<string, unknown> };
      stored.settings['summaryApiKey'] = 'sk-plain-text-key';
      writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(stored));
      expect(store.forWorker().summaryApiKey).toBeUndefined();
      store.save({ ...local, ...endpoint });
      expect(settingsFile()).not.toContain('sk-plain-text-key');
    });

    it('is refused where the OS offers no secure storage', () => {
      const insecure = open(aesSecretBox(false));
      expect(insecure.save({ ...local, ...endpoint, newSummaryApiKey: summaryKey })).toMatchObject({
        ok: false,
        issues: [{ field: 'newSummaryApiKey' }],
      });
      expect(insecure.save({ ...local, ...endpoint })).toMatchObject({ ok: true });
    });
  });

  it('remembers start at login and survives a damaged file as a first run', () => {
    store.save(form);
    store.setStartAtLogin(true);
    expect(store.view().startAtLogin).toBe(true);
    expect(store.forWorker().supabaseKey).toBe(key);
    rmSync(path.join(dir, 'settings.json'));
    expect(store.view().firstRun).toBe(true);
  });

  it('keeps the Supabase URL and key when another saved value no longer validates, and names that value', () => {
    store.save(form);
    const file = path.join(dir, 'settings.json');
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { settings: Record<string, unknown> };
    // As an older version (or a hand edit) could leave it: parseable JSON, one field out of range.
    stored.settings['pollingIntervalSeconds'] = 0;
    writeFileSync(file, JSON.stringify(stored));
    const worker = store.forWorker();
    expect(worker).toMatchObject({ supabaseUrl: 'https://abcd.supabase.co', supabaseKey: key, workerId: 'desk-1' });
    expect(worker.pollingIntervalSeconds).toBe(10);
    const view = store.view();
    expect(view.firstRun).toBe(false);
    expect(view.storedProblems).toEqual([
      {
        field: 'pollingIntervalSeconds',
        message: expect.stringContaining('(saved: 0); the default is used') as string,
      },
    ]);
    expect(windowsAtStart(view)).toEqual(['settings']);
    expect(readFileSync(file, 'utf8')).toContain('"pollingIntervalSeconds":0');
    expect(store.save(form)).toMatchObject({ ok: true });
    expect(store.view().storedProblems).toBeUndefined();
  });

  it('starts on a settings.json cut short by a crash, and keeps the damaged text beside it', () => {
    store.save(form);
    const damaged = readFileSync(path.join(dir, 'settings.json'), 'utf8').slice(0, 40);
    writeFileSync(path.join(dir, 'settings.json'), damaged);
    expect(store.view().firstRun).toBe(true);
    expect(store.forWorker().workerId).toBe('pc-host');
    expect(store.save(local)).toMatchObject({ ok: true });
    expect(readFileSync(path.join(dir, 'settings.damaged.json'), 'utf8')).toBe(damaged);
  });
});
