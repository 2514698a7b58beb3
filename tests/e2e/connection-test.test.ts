import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { ConnectionTestResult } from '../../electron/contract/api.js';
import { testConnection } from '../../electron/core/connection-test.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

import {
  buildRenderer,
  launchChromium,
  screenshotsDir,
  startServeDashboard,
  tempDir,
  viewUrl,
  windowSizes,
  type RunningDashboard,
} from './dashboard-harness.js';

/** A port nothing listens on: bound once by us, then released. */
function closedPort(): Promise<number> {
  const server = createServer();
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    }),
  );
}

const statuses = (result: ConnectionTestResult) =>
  Object.fromEntries(result.checks.map((check) => [check.check, check.status]));
const message = (result: ConnectionTestResult, check: string) =>
  result.checks.find((entry) => entry.check === check)?.message ?? '';

describe('Test connection against a real Supabase-compatible stack', () => {
  let stack: SupabaseStack;
  const input = (overrides: Partial<Parameters<typeof testConnection>[0]> = {}) => ({
    supabaseUrl: stack.url,
    supabaseKey: stack.serviceKey,
    storageBucket: MEETING_AUDIO_BUCKET,
    ...overrides,
  });

  beforeAll(async () => {
    stack = await startSupabaseStack();
  }, 120_000);
  afterAll(() => stack.stop());

  it('passes every check with the service-role key (JWT and sb_secret_ forms)', async () => {
    expect((await testConnection(input())).ok).toBe(true);
    expect((await testConnection(input({ supabaseKey: stack.secretKey }))).ok).toBe(true);
  });

  it('says the URL is malformed, or that nothing answers there', async () => {
    const malformed = await testConnection(input({ supabaseUrl: 'abcd.supabase.co' }));
    expect(statuses(malformed)).toMatchObject({ url: 'failed', reach: 'skipped' });
    const port = await closedPort();
    const closed = await testConnection(input({ supabaseUrl: `http://127.0.0.1:${port}` }));
    expect(statuses(closed)).toMatchObject({ url: 'passed', reach: 'failed', key: 'skipped' });
    expect(message(closed, 'reach')).toBe(
      `Could not reach 127.0.0.1:${port} (ECONNREFUSED). Check the address and your network.`,
    );
  });

  it('reports a wrong key, and the anon key used in place of the service-role key', async () => {
    const wrong = await testConnection(
      input({ supabaseKey: 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.forged' }),
    );
    expect(statuses(wrong)).toMatchObject({ reach: 'passed', key: 'failed', schema: 'skipped' });
    expect(message(wrong, 'key')).toMatch(/The key was refused: Invalid API key/);
    const anon = await testConnection(input({ supabaseKey: stack.publishableKey }));
    expect(message(anon, 'key')).toMatch(/This is the anon key; the worker needs the service-role/);
  });

  it('reports missing migrations and missing grants', async () => {
    await stack.sql.query('alter table public.meetings rename to meetings_hidden');
    await stack.reloadSchema();
    try {
      const missing = await testConnection(input());
      expect(statuses(missing)).toMatchObject({ key: 'passed', schema: 'failed' });
      expect(message(missing, 'schema')).toMatch(/meetings table is missing\. Apply the PC Worker migrations/);
    } finally {
      await stack.sql.query('alter table public.meetings_hidden rename to meetings');
    }
    await stack.sql.query('revoke select on public.meetings from service_role');
    await stack.reloadSchema();
    try {
      const denied = await testConnection(input());
      expect(statuses(denied)).toMatchObject({ schema: 'skipped', grants: 'failed' });
      expect(message(denied, 'grants')).toMatch(/The service role may not use the meetings table/);
    } finally {
      await stack.sql.query('grant select on public.meetings to service_role');
      await stack.reloadSchema();
    }
  });

  it('reports a bucket that does not exist', async () => {
    const result = await testConnection(input({ storageBucket: 'recordings' }));
    expect(statuses(result)).toMatchObject({ schema: 'passed', grants: 'passed', bucket: 'failed' });
    expect(message(result, 'bucket')).toMatch(/The storage bucket 'recordings' does not exist/);
  });

  describe('from the settings page of the headless dashboard', () => {
    const temp = tempDir('pcw-e2e-settings-');
    let dashboard: RunningDashboard;
    let browser: Browser;

    beforeAll(async () => {
      await buildRenderer();
      dashboard = await startServeDashboard(path.join(temp.dir, 'data'));
      browser = await launchChromium();
    }, 120_000);
    afterAll(async () => {
      await browser.close();
      await dashboard.stop();
      temp.remove();
    });

    it('says exactly what failed when the key is wrong', async () => {
      const page = await browser.newPage({ viewport: windowSizes.settings });
      await page.goto(viewUrl(dashboard.url, 'settings'));
      await page.getByLabel('Supabase URL').fill(stack.url);
      await page.getByLabel('Service-role key').fill('sb_secret_not-the-right-key-at-all');
      await page.getByRole('button', { name: 'Test connection' }).click();
      const report = page.getByTestId('connection-report');
      await report.waitFor({ timeout: 30_000 });
      expect(await report.textContent()).toMatch(/Key:\s*The key was refused: Invalid API key/);
      await page.screenshot({ path: path.join(screenshotsDir, 'settings-wrong-key.png'), fullPage: true });
    });
  });
});
