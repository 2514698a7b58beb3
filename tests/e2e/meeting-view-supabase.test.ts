import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meetingResultSchema } from '../../electron/contract/meeting-result.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createExtractiveBackend } from '../../electron/core/summary/extractive-summarizer.js';
import { summarizeMeeting } from '../../electron/core/summary/summarize-meeting.js';
import { repoDir } from '../support/shared-data.js';
import { rpc, supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

import {
  buildRenderer,
  launchChromium,
  screenshotsDir,
  startServeDashboard,
  tempDir,
  type RunningDashboard,
} from './dashboard-harness.js';

/**
 * The meeting view in Supabase mode, in Chromium against a real `pc-worker serve --dashboard` whose
 * worker holds a service key for a real PostgreSQL + PostgREST stack (Supabase CLI migrations). The
 * web app's side is played by the test: it uploads a recording to Storage (the stack's
 * Storage-compatible server; Supabase Storage does not run here) and the meeting is completed by
 * complete_meeting with a real result (SpokenWOZ MUL1011 and its real extractive summary). A person
 * opens it from the Queue panel, plays it (the server fetches Storage through a signed URL with the
 * player's Range), renames a speaker (the summary follows), corrects a line, exports, searches and
 * deletes it (rows and the Storage object).
 */
const userId = '6a2b9c07-16e5-4e6f-9a7b-8c9d0e1f2a3b';
const meetingId = '8c4d1e29-38a7-4a81-9c9d-0e1f2a3b4c5d';
const objectPath = `${userId}/hotel-call.flac`;
const recording = readFileSync(path.join(repoDir, 'resources/samples/librispeech-1089-134686-0000.flac'));
const token = '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b';

async function seedCompletedMeeting(stack: SupabaseStack): Promise<void> {
  const webApp = supabaseClient(stack.url, stack.serviceKey);
  const uploaded = await webApp.storage.from(MEETING_AUDIO_BUCKET).upload(objectPath, recording);
  expect(uploaded.error).toBeNull();
  const fixture = meetingResultSchema.parse(
    JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
  );
  const summary = await summarizeMeeting(fixture, [createExtractiveBackend()], {
    signal: new AbortController().signal,
    log: createLogger({ level: 'error', console: false, secrets: [] }),
    onProgress: () => undefined,
  });
  await stack.sql.query(
    `insert into public.meetings (id, user_id, title, audio_path, status, claimed_by, lease_token)
     values ($1, $2, 'Hotel booking call', $3, 'processing', 'web-worker', $4)`,
    [meetingId, userId, objectPath, token],
  );
  const done = await rpc<boolean>(webApp, 'complete_meeting', {
    p_meeting_id: meetingId,
    p_worker_id: 'web-worker',
    p_lease_token: token,
    p_result: { ...fixture, summary },
  });
  expect(done.error).toBeNull();
}

describe('meeting view in Supabase mode in Chromium', { timeout: 180_000 }, () => {
  const temp = tempDir('pcw-e2e-supabase-meeting-');
  let stack: SupabaseStack;
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [stack] = await Promise.all([startSupabaseStack(), buildRenderer()]);
    await seedCompletedMeeting(stack);
    dashboard = await startServeDashboard(path.join(temp.dir, 'data'), {
      SUPABASE_URL: stack.url,
      SUPABASE_KEY: stack.serviceKey,
    });
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(dashboard.url);
  }, 170_000);
  afterAll(async () => {
    await browser.close();
    await dashboard.stop();
    await stack.stop();
    temp.remove();
  });

  it('lists the meeting in the Meetings panel and opens it from the Queue panel', async () => {
    const row = page.locator('[data-testid=library-row]', { hasText: 'Hotel booking call' });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toMatch(/completed.*S1, S2/);
    await page.locator('[data-testid=meeting-row]', { hasText: 'Hotel booking call' }).getByRole('link').click();
    await page.getByTestId('segment').first().waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`#/meetings/${meetingId}`);
  });

  it('plays the recording from Storage through the token-protected Range route', async () => {
    const audioUrl = await page.getByTestId('meeting-audio').getAttribute('src');
    expect(audioUrl).toMatch(new RegExp(`^/meetings/${meetingId}/audio\\?token=`));
    const ranged = await fetch(new URL(audioUrl!, dashboard.url), { headers: { range: 'bytes=100-199' } });
    expect(ranged.status).toBe(206);
    expect(ranged.headers.get('content-range')).toBe(`bytes 100-199/${String(recording.length)}`);
    expect(Buffer.from(await ranged.arrayBuffer()).equals(recording.subarray(100, 200))).toBe(true);
    expect((await fetch(new URL(`/meetings/${meetingId}/audio`, dashboard.url))).status).toBe(401);
    await page.getByTestId('segment').nth(1).getByTitle('Play from here').click();
    await expect
      .poll(() => page.evaluate("document.querySelector('[data-testid=meeting-audio]').currentTime"), {
        timeout: 20_000,
      })
      .toBeGreaterThan(0.5);
  });

  it('renames a speaker everywhere, the summary included, and corrects a line', async () => {
    const summary = page.locator('section.summary > p');
    expect(await summary.textContent()).toMatch(/^S1: .* S2: /);
    await page.locator('[data-testid=speaker][data-label=S1]').getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel('Name for S1').fill('Ada');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'S1 is now Ada' }).waitFor();
    await expect.poll(() => summary.textContent(), { timeout: 20_000 }).toMatch(/^Ada: .* S2: /);
    expect(await summary.textContent()).not.toMatch(/\bS1\b/);
    const first = page.getByTestId('segment').first();
    await first.hover();
    await first.getByRole('button', { name: 'Edit' }).click();
    await first.getByRole('textbox').fill('Hello, I am looking forward to the zeppelin tour.');
    await first.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Line corrected' }).waitFor();
    await page.screenshot({ path: path.join(screenshotsDir, 'meeting-view-supabase.png'), fullPage: true });
    const stored = await stack.sql.query<{ text: string; original_text: string }>(
      'select text, original_text from public.transcript_segments where meeting_id = $1 and seq = 0',
      [meetingId],
    );
    expect(stored.rows[0]?.text).toBe('Hello, I am looking forward to the zeppelin tour.');
    expect(stored.rows[0]?.original_text).not.toBeNull();
  });

  it('exports Markdown with the new name in the summary and the correction', async () => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Markdown' }).click(),
    ]);
    const file = path.join(temp.dir, download.suggestedFilename());
    await download.saveAs(file);
    const markdown = readFileSync(file, 'utf8');
    const summaryPart = markdown.slice(markdown.indexOf('## Summary'), markdown.indexOf('## Transcript'));
    expect(summaryPart).toMatch(/^Ada: .* S2: /m);
    expect(markdown).toContain('zeppelin tour.');
  });

  it('finds the corrected line by search and deletes the meeting with its recording in Storage', async () => {
    await page.getByRole('link', { name: '← Meetings' }).click();
    await page.getByLabel('Search transcripts').fill('zeppelin');
    await expect.poll(() => page.getByTestId('search-hit').count(), { timeout: 20_000 }).toBe(1);
    const stored = path.join(stack.storageDir, MEETING_AUDIO_BUCKET, ...objectPath.split('/'));
    expect(existsSync(stored)).toBe(true);
    const row = page.locator('[data-testid=library-row]', { hasText: 'Hotel booking call' });
    await row.getByRole('button', { name: 'Delete' }).click();
    await row
      .getByRole('group', { name: /Delete the meeting/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await expect.poll(() => row.count(), { timeout: 20_000 }).toBe(0);
    expect(existsSync(stored)).toBe(false);
    const left = await stack.sql.query('select 1 from public.meetings where id = $1', [meetingId]);
    expect(left.rows).toEqual([]);
  });
});
