/**
 * Adding recordings in the headless dashboard as a person does it, in Chromium against a real
 * `pc-worker serve --dashboard` (embedded queue, real ffmpeg and Whisper tiny): "Add recordings…" with
 * two files picked at once (one is not audio), a file dropped onto the page, then the added meeting
 * watched until it is completed.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { sampleRecording, sharedDir } from '../support/shared-data.js';

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

/** LibriSpeech test-clean 1089-134691-0001 (CC-BY-4.0; shared/data/SOURCES.md): a 6 s sentence to drop. */
const dropped = path.join(sharedDir, 'data', 'asr', 'audio', 'en', 'librispeech-test-clean', '1089-134691-0001.flac');

const row = (page: Page, title: string, status?: string) =>
  page.locator(`[data-testid="meeting-row"]${status === undefined ? '' : `[data-status="${status}"]`}`, {
    hasText: title,
  });

describe('adding recordings in the headless dashboard (Chromium)', () => {
  const temp = tempDir('pcw-e2e-add-');
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    writeFileSync(path.join(temp.dir, 'minutes.wav'), 'Minutes of the seminar\n'.repeat(100));
    await buildRenderer();
    dashboard = await startServeDashboard(path.join(temp.dir, 'data'));
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: windowSizes.dashboard })).newPage();
    await page.goto(dashboard.url);
    await waitUntilDrawn(page, 'dashboard');
  }, 180_000);
  afterAll(async () => {
    await browser.close();
    await dashboard.stop();
    temp.remove();
  });

  it('adds picked files by upload, says why one was refused, and shows the meeting going through to completed', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Add recordings…' }).click();
    await (await chooser).setFiles([sampleRecording.file, path.join(temp.dir, 'minutes.wav')]);
    const outcomes = page.locator('.add-outcomes li');
    await expect.poll(() => outcomes.count(), { timeout: 60_000 }).toBe(2);
    expect(await outcomes.allTextContents()).toEqual([
      'minutes.wav: not added. The file is not a recording PC Worker can read: it is not audio, or it is damaged.',
      `${path.basename(sampleRecording.file)}: added to the queue.`,
    ]);
    await page.locator('section[aria-labelledby="add-heading"]').screenshot({
      path: path.join(screenshotsDir, 'dashboard-add-recordings.png'),
    });

    // The worker takes it at once (the add nudges its poll) and the page shows its stages, then the result.
    const title = path.basename(sampleRecording.file);
    await page.getByTestId('current-meeting').filter({ hasText: title }).waitFor({ timeout: 60_000 });
    // The queue shows the recording's length while it is processed (10.4 s), not only once it is done.
    await expect
      .poll(() => row(page, title, 'processing').locator('td').nth(1).textContent(), { timeout: 60_000 })
      .toBe('0:10');
    await row(page, title, 'completed').waitFor({ timeout: 240_000 });
    expect((await page.getByTestId('last-transcript').textContent())?.toLowerCase()).toMatch(/stew for dinner/);
  }, 320_000);

  it('adds a file dropped anywhere on the page', async () => {
    const bytes = readFileSync(dropped).toString('base64');
    // What the browser hands a page when a file is dropped on it: a DataTransfer holding a File.
    const transfer = await page.evaluateHandle(`(() => {
      const data = Uint8Array.from(atob('${bytes}'), (c) => c.charCodeAt(0));
      const files = new DataTransfer();
      files.items.add(new File([data], 'Hallway chat.flac', { type: 'audio/flac' }));
      return files;
    })()`);
    await page.dispatchEvent('main', 'dragenter', { dataTransfer: transfer });
    await page.dispatchEvent('main', 'dragover', { dataTransfer: transfer });
    expect(await page.locator('.drop-hint').textContent()).toBe('Drop to add these recordings to the queue');
    await page.screenshot({ path: path.join(screenshotsDir, 'dashboard-drop.png') });
    await page.dispatchEvent('main', 'drop', { dataTransfer: transfer });
    await page.locator('.add-outcomes li', { hasText: 'Hallway chat.flac: added to the queue.' }).waitFor();
    expect(await page.locator('.drop-hint').count()).toBe(0);
    await row(page, 'Hallway chat.flac').waitFor({ timeout: 30_000 });
  }, 60_000);

  it('has a favicon, and the settings page names every language and labels its fields by what they do', async () => {
    const icon = await page.locator('link[rel="icon"]').getAttribute('href');
    const served = await page.request.get(new URL(icon ?? '', page.url()).href);
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('image/svg+xml');

    const settings = await page.context().newPage();
    await settings.goto(viewUrl(dashboard.url, 'settings'));
    await settings.locator('#language option').nth(5).waitFor({ state: 'attached', timeout: 30_000 });
    // Every language by its name in Chromium's own words, the code second ("Bashkir (ba)", never "ba (ba)").
    const unnamed = (await settings.locator('#language option').allTextContents()).filter((label) =>
      /^([a-z]{2,3}) \(\1\)$/.test(label),
    );
    expect(unnamed).toEqual([]);
    expect(await settings.locator('label[for="supabaseUrl"]').textContent()).toBe('Project address (Supabase URL)');
    expect(await settings.locator('#supabase-help').textContent()).toMatch(/Project Settings.+API Keys/);
    await settings.close();
  });
});
