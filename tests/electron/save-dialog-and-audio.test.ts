/**
 * The two desktop paths of the meeting view that only a real Electron binary runs (issue 21): Export
 * through main's save dialog, and the player's `pcw-audio://` protocol. Their logic is tested without
 * Electron through ports (tests/unit/main/audio-protocol.test.ts, ipc-router.test.ts); this file checks
 * the wiring in the real app: main's dialog, IPC through the preload, the worker utility process, the
 * protocol registered as privileged (seekable media under the CSP).
 *
 * Run with `npm run test:electron` where the Electron binary exists (it is not downloaded here, so the
 * file is skipped, saying why). The app is the repo's build (`npm run build:electron`, the renderer is
 * built here) started by node_modules' Electron, or a packaged app named by PC_WORKER_ELECTRON_APP.
 * The save dialog is the one thing replaced: a native window no test can click, so main's
 * `dialog.showSaveDialog` answers with a path, as a person choosing it would; everything after it runs.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meetingResultSchema } from '../../electron/contract/meeting-result.js';
import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { buildRenderer } from '../e2e/dashboard-harness.js';
import { repoDir } from '../support/shared-data.js';

/** The Electron executable: a packaged app when named, else node_modules' binary (absent when not downloaded). */
function electronExecutable(): string | null {
  const packaged = process.env['PC_WORKER_ELECTRON_APP'];
  if (packaged !== undefined) return existsSync(packaged) ? packaged : null;
  try {
    const binary = createRequire(import.meta.url)('electron') as unknown;
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const executable = electronExecutable();
if (executable === null) {
  process.stderr.write(
    'tests/electron/save-dialog-and-audio: skipped, no Electron binary (node_modules/electron/dist, or PC_WORKER_ELECTRON_APP).\n',
  );
}

const recording = path.join(repoDir, 'resources/samples/librispeech-1089-134686-0000.flac');
const token = '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b';

/** A completed meeting in the app's own data folder (userData), saved by the real complete_meeting. */
async function seedMeeting(userData: string): Promise<string> {
  const db = await openEmbeddedDatabase(path.join(userData, 'db'), defaultSupabaseDir());
  try {
    const id = await enqueueLocalRecording(db, path.join(userData, 'storage', 'meeting-audio'), recording, {
      title: 'Desktop call',
    });
    const fixture = meetingResultSchema.parse(
      JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
    );
    await db.query(
      `update public.meetings set status = 'processing', claimed_by = 'seed', lease_token = $2 where id = $1`,
      [id, token],
    );
    await db.query('select public.complete_meeting($1, $2, $3, $4)', [id, 'seed', token, fixture]);
    return id;
  } finally {
    await db.close();
  }
}

async function dashboardWindow(app: ElectronApplication): Promise<Page> {
  // The dashboard opens as it does for a second start of the app (the settings window may open first).
  await app.evaluate(({ app: electron }) => electron.emit('second-instance'));
  for (let tries = 0; tries < 100; tries += 1) {
    const page = app.windows().find((window) => window.url().endsWith('/index.html'));
    if (page !== undefined) return page;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('the dashboard window did not open');
}

describe.skipIf(executable === null)('meeting view in the Electron app', { timeout: 180_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-electron-'));
  const userData = path.join(dir, 'user-data');
  const saveTo = path.join(dir, 'saved', 'Desktop call.md');
  let app: ElectronApplication | undefined;
  let page: Page;
  let meetingId = '';

  beforeAll(async () => {
    const [id] = await Promise.all([
      seedMeeting(userData),
      buildRenderer(),
      process.env['PC_WORKER_ELECTRON_APP'] === undefined
        ? promisify(execFile)('npm', ['run', 'build:electron'], { cwd: repoDir })
        : Promise.resolve(),
    ]);
    meetingId = id;
    app = await _electron.launch({
      executablePath: executable ?? '',
      args: [...(process.env['PC_WORKER_ELECTRON_APP'] === undefined ? [repoDir] : []), `--user-data-dir=${userData}`],
      env: { ...process.env, ALLOW_REMOTE_MODELS: 'false', ENABLE_GPU: 'false' },
    });
    page = await dashboardWindow(app);
    await page.evaluate(`window.location.hash = '#/meetings/${meetingId}'`);
    await page.getByTestId('segment').first().waitFor({ timeout: 60_000 });
  }, 170_000);
  const electronApp = (): ElectronApplication => {
    if (app === undefined) throw new Error('the app did not start');
    return app;
  };
  afterAll(async () => {
    await app?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('exports through the save dialog: the file lands where the person chose', async () => {
    await electronApp().evaluate(({ dialog }, file) => {
      dialog.showSaveDialog = () => Promise.resolve({ canceled: false, filePath: file });
    }, saveTo);
    await page.getByRole('button', { name: 'Markdown' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Saved to ${saveTo}` })
      .waitFor({ timeout: 30_000 });
    const markdown = readFileSync(saveTo, 'utf8');
    expect(markdown).toMatch(/^# Desktop call/);
    expect(markdown).toContain('## Transcript');
    await electronApp().evaluate(({ dialog }) => {
      dialog.showSaveDialog = () => Promise.resolve({ canceled: true, filePath: '' });
    });
    await page.getByRole('button', { name: 'SRT' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: /cancel/i })
      .waitFor({ timeout: 30_000 });
  });

  it('plays the meeting through pcw-audio:// with Range, and serves no other meeting', async () => {
    const src = await page.getByTestId('meeting-audio').getAttribute('src');
    expect(src).toBe(`pcw-audio://meeting/${meetingId}`);
    const bytes = readFileSync(recording);
    const answer = await electronApp().evaluate(async ({ net }, url) => {
      const ranged = await net.fetch(url, { headers: { range: 'bytes=100-199' } });
      const other = await net.fetch('pcw-audio://meeting/2d9f7c74-73c6-4b20-9f4e-5e3a6c7d8e9f');
      return {
        status: ranged.status,
        range: ranged.headers.get('content-range'),
        body: Array.from(new Uint8Array(await ranged.arrayBuffer())),
        other: other.status,
      };
    }, src!);
    expect(answer).toMatchObject({ status: 206, range: `bytes 100-199/${String(bytes.length)}`, other: 404 });
    expect(Buffer.from(answer.body).equals(bytes.subarray(100, 200))).toBe(true);
    await page.getByTestId('segment').nth(1).getByTitle('Play from here').click();
    await expect
      .poll(() => page.evaluate("document.querySelector('[data-testid=meeting-audio]').currentTime"), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0.5);
  });
});
