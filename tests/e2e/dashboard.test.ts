import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { sampleRecording } from '../support/shared-data.js';

import {
  buildRenderer,
  launchChromium,
  prepareQueue,
  screenshotsDir,
  startServeDashboard,
  tempDir,
  type RunningDashboard,
} from './dashboard-harness.js';

/** Resolves with the HTTP status the server answered a WebSocket upgrade with (101 = accepted). */
function upgradeStatus(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.once('error', reject);
  });
}

describe('headless dashboard (pc-worker serve --dashboard) in Chromium', () => {
  const temp = tempDir('pcw-e2e-');
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const noise = path.join(temp.dir, 'noise.wav');
    writeFileSync(noise, randomBytes(4096));
    await Promise.all([
      buildRenderer(),
      prepareQueue(path.join(temp.dir, 'data'), [
        { file: noise, title: 'Corrupt upload' },
        // Claimable only after a few seconds, so the page watches it go through its stages.
        { file: sampleRecording.file, title: 'Lecture clip', delaySec: 6 },
      ]),
    ]);
    dashboard = await startServeDashboard(path.join(temp.dir, 'data'));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await page.goto(dashboard.url);
  }, 120_000);

  afterAll(async () => {
    await browser.close();
    await dashboard.stop();
    temp.remove();
  });

  it('refuses a WebSocket without the token, or with a wrong one', async () => {
    const base = `ws://127.0.0.1:${dashboard.port}/ws`;
    expect(await upgradeStatus(base)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${'x'.repeat(dashboard.token.length)}`)).toBe(401);
    expect(await upgradeStatus(`${base}?token=${dashboard.token}`)).toBe(101);
  });

  it('shows the worker, its hardware and backend, and a failed meeting with its reason', async () => {
    await expect
      .poll(() => page.getByTestId('worker-state').textContent(), { timeout: 30_000 })
      .toMatch(/idle|working/);
    await expect.poll(() => page.getByTestId('backend').textContent()).toMatch(/^CPU/);
    const failed = page.locator('[data-testid="meeting-row"][data-status="failed"]', { hasText: 'Corrupt upload' });
    await failed.waitFor({ timeout: 30_000 });
    expect(await failed.getByTestId('failure-reason').textContent()).toMatch(/not a recording PC Worker can read/);
  });

  it('shows the meeting moving through its stages with the live transcript, then completed', async () => {
    await page.getByTestId('current-meeting').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('current-meeting').textContent()).toContain('Lecture clip');
    await page.screenshot({ path: path.join(screenshotsDir, 'dashboard-processing.png'), fullPage: true });
    await page.getByTestId('last-transcript').waitFor({ timeout: 90_000 });
    expect((await page.getByTestId('last-transcript').textContent())?.toLowerCase()).toMatch(/stew for dinner/);
    await page.locator('[data-testid="meeting-row"][data-status="completed"]', { hasText: 'Lecture clip' }).waitFor();
    await expect.poll(() => page.getByTestId('today').textContent()).toBe('1 processed, 1 failed');
    await expect.poll(() => page.getByTestId('logs').textContent()).toMatch(/processing ended/);
    await page.screenshot({ path: path.join(screenshotsDir, 'dashboard-completed.png'), fullPage: true });
  });

  it('pauses (no new claims), re-queues a failed meeting with Retry, and resumes', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('worker-state').textContent()).toBe('paused');
    const corrupt = page.locator('[data-testid="meeting-row"]', { hasText: 'Corrupt upload' });
    await corrupt.getByRole('button', { name: 'Retry' }).click();
    await page
      .locator('[data-testid="meeting-row"][data-status="pending"]', { hasText: 'Corrupt upload' })
      .waitFor({ timeout: 10_000 });
    // Three polling intervals while paused: the pending meeting must stay unclaimed.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await corrupt.getAttribute('data-status')).toBe('pending');
    await page.screenshot({ path: path.join(screenshotsDir, 'dashboard-paused-retried.png'), fullPage: true });
    await page.getByRole('button', { name: 'Resume' }).click();
    const failedAgain = page.locator('[data-testid="meeting-row"][data-status="failed"]', {
      hasText: 'Corrupt upload',
    });
    await failedAgain.waitFor({ timeout: 30_000 });
    expect(await failedAgain.getByTestId('failure-reason').textContent()).toMatch(/not a recording PC Worker can read/);
    await expect.poll(() => page.getByTestId('worker-state').textContent()).toMatch(/idle|working/);
  });

  it('rejects a bad Supabase URL in the settings form with a message next to the field', async () => {
    const settings = await browser.newPage();
    await settings.goto(dashboard.url.replace('/?', '/settings.html?'));
    await settings.getByLabel('Supabase URL').fill('abcd.supabase.co');
    expect(await settings.locator('#supabaseUrl-issue').textContent()).toMatch(/full URL/);
    await settings.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => settings.getByRole('status').textContent()).toBe('Please fix the marked fields.');
    await settings.screenshot({ path: path.join(screenshotsDir, 'settings-bad-url.png'), fullPage: true });
    await settings.close();
  });
});
