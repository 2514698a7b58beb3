/**
 * Starts the real thing for the e2e suite: the renderer built by Vite, a real `pc-worker serve
 * --dashboard` on an embedded queue in a temp folder (real Whisper from the shared models, real ffmpeg),
 * and Debian's Chromium driven by playwright-core.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import type { PGlite } from '@electric-sql/pglite';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';

import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { repoDir, sharedModelsDir } from '../support/shared-data.js';

import { pngSize, readTheme } from './theme-contrast.js';

export const screenshotsDir = path.join(repoDir, 'tests', 'e2e', 'screenshots');

/** Builds dist/renderer when it is missing or stale, so a clean clone needs no build step before `npm test`. */
export { buildRenderer } from './renderer-build.js';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
}

/**
 * One 16 kHz recording of several utterances with `pauseSec` of silence after each but the last (real
 * ffmpeg): pauses longer than the chunk planner's gap make one Whisper window per utterance, so the
 * transcription stage reports progress part-way.
 */
export async function joinWithPauses(files: readonly string[], out: string, pauseSec: number): Promise<void> {
  const pads = files.map((_, index) =>
    index === files.length - 1
      ? `[${String(index)}]anull[a${String(index)}]`
      : `[${String(index)}]apad=pad_dur=${String(pauseSec)}[a${String(index)}]`,
  );
  const joined = `${files.map((_, index) => `[a${String(index)}]`).join('')}concat=n=${String(files.length)}:v=0:a=1`;
  await promisify(execFile)('ffmpeg', [
    '-nostdin',
    '-v',
    'error',
    ...files.flatMap((file) => ['-i', file]),
    '-filter_complex',
    `${pads.join(';')};${joined}`,
    '-ar',
    '16000',
    '-ac',
    '1',
    out,
  ]);
}

export interface QueuedRecording {
  file: string;
  title: string;
  /** Seconds before the meeting may be claimed, so the page is open when it starts. */
  delaySec?: number;
}

/**
 * Puts recordings in the embedded queue before the server opens it (PGlite allows one process at a
 * time); `seed` may add earlier results the same way.
 */
export async function prepareQueue(
  dataDir: string,
  recordings: QueuedRecording[],
  seed?: (db: PGlite) => Promise<unknown>,
): Promise<string[]> {
  const db = await openEmbeddedDatabase(path.join(dataDir, 'db'), defaultSupabaseDir());
  try {
    await seed?.(db);
    const ids: string[] = [];
    for (const recording of recordings) {
      const id = await enqueueLocalRecording(db, path.join(dataDir, 'storage', 'meeting-audio'), recording.file, {
        title: recording.title,
      });
      if (recording.delaySec !== undefined) {
        await db.query(`update public.meetings set next_attempt_at = now() + make_interval(secs => $2) where id = $1`, [
          id,
          recording.delaySec,
        ]);
      }
      ids.push(id);
    }
    return ids;
  } finally {
    await db.close();
  }
}

export interface RunningDashboard {
  url: string;
  port: number;
  token: string;
  output(): string;
  stop(): Promise<void>;
}

export function tempDir(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** `pc-worker serve --dashboard --port 0` as a person runs it; resolves with the URL it prints. */
export async function startServeDashboard(
  dataDir: string,
  extraEnv: Record<string, string> = {},
): Promise<RunningDashboard> {
  const child: ChildProcess = spawn(
    process.execPath,
    [path.join(repoDir, 'electron', 'cli', 'bin.mjs'), 'serve', '--dashboard', '--port', '0'],
    {
      cwd: repoDir,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? dataDir,
        PC_WORKER_DATA_DIR: dataDir,
        PC_WORKER_SETTINGS: path.join(dataDir, 'settings.json'),
        AUDIO_TEMP_DIR: path.join(dataDir, 'audio'),
        MODEL_CACHE_DIR: sharedModelsDir,
        ALLOW_REMOTE_MODELS: 'false',
        WHISPER_MODEL: 'Xenova/whisper-tiny',
        WORKER_ID: 'e2e-worker',
        WORKER_NAME: 'E2E worker',
        POLLING_INTERVAL_SECONDS: '1',
        ENABLE_GPU: 'false',
        ...extraEnv,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve --dashboard printed no URL in 60 s:\n${output}`)), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output);
      if (match?.[1] !== undefined) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`serve --dashboard exited (${code}):\n${output}`)));
  });
  const parsed = new URL(url);
  return {
    url,
    port: Number(parsed.port),
    token: parsed.searchParams.get('token') ?? '',
    output: () => output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) {
          resolve();
          return;
        }
        const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** The desktop windows' sizes (electron/main/windows.ts), in CSS pixels. */
export const windowSizes = {
  dashboard: { width: 1100, height: 760 },
  settings: { width: 640, height: 720 },
} as const;

export type View = keyof typeof windowSizes;

export function viewUrl(dashboardUrl: string, view: View): string {
  return view === 'dashboard' ? dashboardUrl : dashboardUrl.replace('/?', '/settings.html?');
}

/** Waits until a view has drawn what the worker reported (not a "Loading…" or "Connecting…" page). */
export async function waitUntilDrawn(page: Page, view: View): Promise<void> {
  if (view === 'dashboard') await page.getByTestId('backend').waitFor({ timeout: 30_000 });
  else await page.locator('#gpuDevice-hint', { hasText: 'In use now' }).waitFor({ timeout: 30_000 });
}

/**
 * Saves a view in light and dark, at 100 % and 150 % scaling (Windows display scaling; the window keeps
 * its size in CSS pixels), as `<name>-<theme>-<percent>.png`, and checks what a person would see in
 * each: the page follows the system's theme, every text is readable on its background (WCAG AA
 * contrast), nothing overflows sideways, and the picture is drawn at the scaling asked for.
 */
export async function screenshotThemes(browser: Browser, dashboardUrl: string, view: View, name: string) {
  const saved: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const deviceScaleFactor of [1, 1.5]) {
      const context = await browser.newContext({ colorScheme, deviceScaleFactor, viewport: windowSizes[view] });
      const page = await context.newPage();
      await page.goto(viewUrl(dashboardUrl, view));
      await waitUntilDrawn(page, view);
      const where = `${name} ${colorScheme} ${String(deviceScaleFactor * 100)} %`;
      const overflow = await page.evaluate(
        '[document.documentElement.scrollWidth, document.documentElement.clientWidth]',
      );
      const [scrollWidth, clientWidth] = overflow as [number, number];
      expect(scrollWidth, `${where}: page wider than the window`).toBe(clientWidth);
      const theme = await readTheme(page);
      if (colorScheme === 'dark') expect(theme.backgroundLuminance, `${where}: background`).toBeLessThan(0.1);
      else expect(theme.backgroundLuminance, `${where}: background`).toBeGreaterThan(0.8);
      expect(theme.checked, `${where}: texts measured`).toBeGreaterThan(10);
      expect(theme.failures, `${where}: text below WCAG AA contrast`).toEqual([]);
      const file = path.join(screenshotsDir, `${name}-${colorScheme}-${String(deviceScaleFactor * 100)}.png`);
      const picture = await page.screenshot({ path: file, fullPage: true });
      expect(pngSize(picture).width, `${where}: screenshot width`).toBe(windowSizes[view].width * deviceScaleFactor);
      saved.push(file);
      await context.close();
    }
  }
  return saved;
}
