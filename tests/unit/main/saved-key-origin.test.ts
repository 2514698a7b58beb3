/**
 * A saved key goes only to the origin it was saved with (desktop): an audit filled a new Supabase URL
 * into the settings form, left the key empty, pressed "Test connection" — and the stored service-role
 * key went to that URL as `apikey` and Bearer. The same for a save, and for the summary API key.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { ConnectionTestInput } from '../../../electron/contract/api.js';
import { settingsSchema } from '../../../electron/contract/settings.js';
import type { SecretBox } from '../../../electron/main/ports.js';
import { createSettingsStore, type SettingsStore } from '../../../electron/main/settings-store.js';
import { createSupervisor } from '../../../electron/main/supervisor.js';
import { createWorkerApiHandlers } from '../../../electron/main/worker-api-handlers.js';
import { createMemoryUtilityProcess } from '../../support/memory-utility-process.js';

import { protocolWorker } from './fake-worker.js';
import { createManualClock } from './manual-clock.js';

/** Reversible and never plain text on disk; what it is made of is not under test here. */
const xorBox: SecretBox = {
  isAvailable: () => true,
  seal: (plain) => Buffer.from(Buffer.from(plain, 'utf8').map((byte) => byte ^ 0x5a)),
  open: (sealed) => Buffer.from(sealed.map((byte) => byte ^ 0x5a)).toString('utf8'),
};
const key = 'eyJhbGciOiJIUzI1NiJ9.service-role-secret.signature';
const summaryKey = 'sk-summary-secret-0123456789';
const saved = {
  workerId: 'desk-1',
  workerName: 'Office PC',
  audioTempDir: '/tmp/pcw-audio',
  supabaseUrl: 'https://abcd.supabase.co',
  summaryApiUrl: 'https://llm.example.com/v1',
  summaryApiModel: 'm',
};

describe('a saved key and the origin it was saved with', () => {
  let dir = '';
  let store: SettingsStore;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-key-origin-'));
    store = createSettingsStore({
      dir,
      secretBox: xorBox,
      defaults: { workerId: 'pc-host', workerName: 'host', dataDir: dir, audioTempDir: '/tmp/a' },
    });
    expect(store.save({ ...saved, newSupabaseKey: key, newSummaryApiKey: summaryKey })).toMatchObject({ ok: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps both keys while their servers stay (same origin, another path or an explicit default port)', () => {
    const result = store.save({ ...saved, supabaseUrl: 'https://ABCD.supabase.co:443/', workerName: 'Renamed' });
    expect(result).toMatchObject({ ok: true });
    expect(store.forWorker()).toMatchObject({ workerName: 'Renamed', supabaseKey: key, summaryApiKey: summaryKey });
  });

  it('asks for the key again when the Supabase URL moves, and keeps the saved settings meanwhile', () => {
    for (const moved of [
      'https://evil.example',
      'https://abcd.supabase.co.evil.example',
      'https://abcd.supabase.co:8443',
    ]) {
      const result = store.save({ ...saved, supabaseUrl: moved });
      expect(result).toMatchObject({ ok: false, issues: [{ field: 'newSupabaseKey', message: /URL changed/ }] });
    }
    expect(store.forWorker()).toMatchObject({ supabaseUrl: saved.supabaseUrl, supabaseKey: key });
    expect(
      store.save({
        ...saved,
        supabaseUrl: 'https://other.supabase.co',
        newSupabaseKey: 'typed-again-0123456789abcdef',
      }),
    ).toMatchObject({ ok: true });
    expect(store.forWorker().supabaseKey).toBe('typed-again-0123456789abcdef');
  });

  it('asks for the summary API key again when the summary server moves', () => {
    const result = store.save({ ...saved, summaryApiUrl: 'https://attacker.example/v1' });
    expect(result).toMatchObject({ ok: false, issues: [{ field: 'newSummaryApiKey', message: /address changed/ }] });
    expect(
      store.save({ ...saved, summaryApiUrl: 'https://attacker.example/v1', clearSummaryApiKey: true }),
    ).toMatchObject({ ok: true });
    expect(store.forWorker().summaryApiKey).toBeUndefined();
  });

  it('tests a connection to another URL without the saved key, and to the saved URL with it', async () => {
    const tested: ConnectionTestInput[] = [];
    const supervisor = createSupervisor({
      spawn: () =>
        createMemoryUtilityProcess(
          protocolWorker((request) => {
            if (request.command.type !== 'test-connection') return { ok: true, value: null };
            tested.push(request.command.input);
            return { ok: true, value: { ok: false, checks: [] } };
          }),
          101,
        ),
      settings: () => settingsSchema.parse({ ...store.forWorker() }),
      clock: createManualClock(),
      onEvent: () => undefined,
    });
    supervisor.start();
    const handlers = createWorkerApiHandlers(supervisor, store, {
      openFolder: () => Promise.resolve(false),
      setStartAtLogin: () => undefined,
      logsDir: dir,
      chooseSavePath: () => Promise.resolve(null),
      writeFile: () => Promise.resolve(),
    });
    await handlers.testConnection({ supabaseUrl: 'https://evil.example', storageBucket: 'meeting-audio' });
    await handlers.testConnection({ supabaseUrl: 'https://abcd.supabase.co/', storageBucket: 'meeting-audio' });
    await handlers.testConnection({ supabaseUrl: 'https://evil.example', supabaseKey: 'typed', storageBucket: 'b' });
    expect(tested.map((input) => input.supabaseKey)).toEqual([undefined, key, 'typed']);
    await supervisor.shutdown();
  });
});
