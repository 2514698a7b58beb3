/**
 * The desktop app as a person starts it: the unpacked build (`npm run dist -- --dir`, made by
 * tools/test-electron.mjs) launched by Playwright's Electron driver with its own user-data folder in local
 * mode. The window opens, the worker becomes ready, pause and resume reach the worker and the tray's
 * model, the bundled sample is transcribed, and quitting hands the lease back. Needs the real Electron
 * binary (`npm run test:electron`); written without one (none can be downloaded on the build machines),
 * so its first run where Electron exists is its first real run.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { PGlite } from '@electric-sql/pglite';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { repoDir, sampleRecording, sharedModelsDir } from '../support/shared-data.js';

function unpackedExecutable(): string {
  const out = path.join(repoDir, 'release', 'electron-smoke');
  const folder = readdirSync(out).find((name) => name.endsWith('-unpacked') || name.startsWith('mac'));
  if (folder === undefined) throw new Error(`No unpacked build in ${out}: run npm run test:electron`);
  if (process.platform === 'darwin') return path.join(out, folder, 'PC Worker.app', 'Contents', 'MacOS', 'PC Worker');
  return path.join(out, folder, process.platform === 'win32' ? 'PC Worker.exe' : 'pc-worker');
}

const row = (page: Page, title: string, status?: string) =>
  page.locator(`[data-testid="meeting-row"]${status === undefined ? '' : `[data-status="${status}"]`}`, {
    hasText: title,
  });

describe('the desktop app (Electron, unpacked build)', () => {
  const userData = mkdtempSync(path.join(os.tmpdir(), 'pcw-electron-'));
  let app: ElectronApplication;
  let page: Page;

  beforeAll(async () => {
    // Saved settings as the settings window writes them: local mode, the shared models, no downloads.
    writeFileSync(
      path.join(userData, 'settings.json'),
      JSON.stringify({
        version: 1,
        settings: { modelCacheDir: sharedModelsDir, allowRemoteModels: false, whisperModel: 'Xenova/whisper-tiny' },
        startAtLogin: false,
      }),
    );
    app = await _electron.launch({ executablePath: unpackedExecutable(), args: [`--user-data-dir=${userData}`] });
  });
  afterAll(() => rmSync(userData, { recursive: true, force: true }));

  it('opens the dashboard, whose worker becomes ready', async () => {
    // A tray app opens no window at start once configured; a second start opens the dashboard.
    await app.evaluate(({ app: electronApp }) => electronApp.emit('second-instance'));
    page = await app.firstWindow();
    await expect
      .poll(() => page.getByTestId('worker-state').textContent(), { timeout: 120_000 })
      .toMatch(/idle|working/);
  });

  it('pauses and resumes the worker', async () => {
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => page.getByTestId('worker-state').textContent()).toBe('paused');
    await page.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => page.getByTestId('worker-state').textContent()).toMatch(/idle|working/);
  });

  it('transcribes the sample added through the file dialog', async () => {
    // The native file dialog, answered in main as a person picking the sample would.
    await app.evaluate(({ dialog }, file) => {
      dialog.showOpenDialog = () => Promise.resolve({ canceled: false, filePaths: [file] });
    }, sampleRecording.file);
    await page.getByRole('button', { name: 'Add recordings…' }).click();
    await row(page, path.basename(sampleRecording.file), 'completed').waitFor({ timeout: 180_000 });
  });

  it('hands every lease back when it quits', async () => {
    await app.close();
    const db = new PGlite(path.join(userData, 'db'));
    try {
      const open = await db.query('select count(*)::int as n from meetings where lease_token is not null');
      expect(open.rows).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });
});
