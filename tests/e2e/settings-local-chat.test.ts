import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';

import {
  buildRenderer,
  launchChromium,
  screenshotsDir,
  startServeDashboard,
  tempDir,
  viewUrl,
  waitUntilDrawn,
  windowSizes,
  type RunningDashboard,
} from './dashboard-harness.js';

/*
 * The settings offer of a chat model server found on this computer, as a person meets it: a real
 * `pc-worker serve --dashboard` whose worker looks for Ollama where OLLAMA_HOST says (Ollama's own
 * variable), Ollama played by a server following its /api/tags (tests/support/fake-ollama.ts), and the
 * settings page in Chromium.
 */
describe('settings offer a local Ollama in Chromium', () => {
  const temp = tempDir('pcw-e2e-chat-offer-');
  const dataDir = path.join(temp.dir, 'data');
  let ollama: FakeOllama;
  let dashboard: RunningDashboard;
  let browser: Browser;

  beforeAll(async () => {
    ollama = await startFakeOllama(['llama3.2:1b', 'qwen2.5:3b']);
    await buildRenderer();
    dashboard = await startServeDashboard(dataDir, { OLLAMA_HOST: `127.0.0.1:${ollama.port}` });
    browser = await launchChromium();
  }, 180_000);
  afterAll(async () => {
    await browser.close();
    await dashboard.stop();
    await ollama.close();
    temp.remove();
  });

  it("fills the form with 'Use it' and keeps the chat server once saved", async () => {
    const page = await browser.newPage({ viewport: windowSizes.settings });
    await page.goto(viewUrl(dashboard.url, 'settings'));
    await waitUntilDrawn(page, 'settings');
    const offer = page.getByRole('group', { name: 'Chat model servers on this computer' });
    await offer.waitFor({ timeout: 30_000 });
    expect(await offer.textContent()).toMatch(/Ollama, with llama3\.2:1b, qwen2\.5:3b/);
    await offer.scrollIntoViewIfNeeded();
    await page.screenshot({ path: path.join(screenshotsDir, 'settings-local-chat-offer.png'), fullPage: true });

    await offer.getByRole('button', { name: 'Use it' }).click();
    expect(await page.locator('#summaryBackend').inputValue()).toBe('openai-compatible');
    expect(await page.locator('#summaryApiUrl').inputValue()).toBe(`http://127.0.0.1:${ollama.port}/v1`);
    expect(await page.locator('#summaryApiModel').inputValue()).toBe('llama3.2:1b');
    // The model field suggests that server's other models.
    const suggested = await page.locator('#offered-chat-models option').all();
    expect(await Promise.all(suggested.map((option) => option.getAttribute('value')))).toEqual([
      'llama3.2:1b',
      'qwen2.5:3b',
    ]);
    // Nothing is stored before the person saves.
    expect(() => readFileSync(path.join(dataDir, 'settings.json'), 'utf8')).toThrow(/ENOENT/);

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect
      .poll(() => page.getByTestId('saved-notice').textContent())
      .toBe('Saved. Restart pc-worker on the server to apply the new settings.');
    const saved = JSON.parse(readFileSync(path.join(dataDir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(saved).toMatchObject({
      summaryBackend: 'openai-compatible',
      summaryApiUrl: `http://127.0.0.1:${ollama.port}/v1`,
      summaryApiModel: 'llama3.2:1b',
    });

    await page.reload();
    await waitUntilDrawn(page, 'settings');
    expect(await page.locator('#summaryApiModel').inputValue()).toBe('llama3.2:1b');
    await page.close();
  });
});
