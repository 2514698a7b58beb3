import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import mammoth from 'mammoth';
import type { Browser, Page } from 'playwright-core';
import srtParser2 from 'srt-parser-2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meetingResultSchema } from '../../electron/contract/meeting-result.js';
import { repoDir, sharedDir } from '../support/shared-data.js';

import {
  buildRenderer,
  launchChromium,
  prepareQueue,
  screenshotsDir,
  startServeDashboard,
  tempDir,
  type RunningDashboard,
} from './dashboard-harness.js';

/**
 * The meeting library and meeting view as a person uses them, in Chromium against a real
 * `pc-worker serve --dashboard`: a real two-speaker AMI clip (30 s) is processed by the real pipeline,
 * then opened, played from a line (audio through the token-protected Range route), a speaker renamed,
 * a line corrected, exported (SRT and DOCX read back by independent parsers), searched and deleted.
 * A long meeting (3,000 lines, the SpokenWOZ result repeated) checks that the transcript is virtualized.
 */
const clip = path.join(sharedDir, 'data', 'diarization', 'ami_excerpt_trn03.wav');
const longId = '4f1b8e96-95d8-4d4c-8b6a-7a5c8e9f0a1c';

/** A completed 3-hour meeting, saved by the real complete_meeting, for the virtualized list. */
async function seedLongMeeting(db: PGlite): Promise<void> {
  const base = meetingResultSchema.parse(
    JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
  );
  const segments = Array.from({ length: 3000 }, (_, i) => {
    const source = base.segments[i % base.segments.length] ?? base.segments[0];
    const offset = Math.floor(i / base.segments.length) * base.durationSec;
    return { ...source, start: source!.start + offset, end: source!.end + offset, words: [], speakerId: null };
  });
  const result = { ...base, segments, voiceprints: [], durationSec: 10_800, summary: null };
  result.speakers = base.speakers.map((s) => ({ ...s, speakerId: null }));
  await db.query(
    `insert into public.meetings (id, title, audio_path, status, claimed_by, lease_token) values ($1, 'Three-hour seminar', null, 'processing', 'seed', '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b')`,
    [longId],
  );
  await db.query(`select public.complete_meeting($1, $2, '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b', $3)`, [
    longId,
    'seed',
    result,
  ]);
}

describe('meeting library and meeting view in Chromium', { timeout: 600_000 }, () => {
  const temp = tempDir('pcw-e2e-meeting-');
  const dataDir = path.join(temp.dir, 'data');
  let dashboard: RunningDashboard;
  let browser: Browser;
  let page: Page;
  let meetingId = '';

  beforeAll(async () => {
    const [, ids] = await Promise.all([
      buildRenderer(),
      prepareQueue(dataDir, [{ file: clip, title: 'AMI design meeting' }], seedLongMeeting),
    ]);
    meetingId = ids[0] ?? '';
    dashboard = await startServeDashboard(dataDir);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1100, height: 760 }, acceptDownloads: true });
    page = await context.newPage();
    await page.goto(dashboard.url);
    // The real pipeline processes the clip (whisper-tiny, diarization, summary).
    await page
      .locator(`[data-testid=library-row][data-status=completed]`, { hasText: 'AMI design meeting' })
      .waitFor({ timeout: 400_000 });
  }, 560_000);
  afterAll(async () => {
    await browser.close();
    await dashboard.stop();
    temp.remove();
  });

  it('lists the meetings with date, length, status and speakers, and opens one', async () => {
    const row = page.locator('[data-testid=library-row]', { hasText: 'AMI design meeting' });
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/0:3\d.*completed.*S1, S2/);
    await page.screenshot({ path: path.join(screenshotsDir, 'library-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(screenshotsDir, 'library-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
    await row.getByRole('link').click();
    await page.getByTestId('segment').first().waitFor();
    expect(page.url()).toContain(`#/meetings/${meetingId}`);
  });

  it('plays from a clicked line: the recording loads through the Range route and the line is highlighted', async () => {
    const audioUrl = await page.getByTestId('meeting-audio').getAttribute('src');
    expect(audioUrl).toMatch(new RegExp(`^/meetings/${meetingId}/audio\\?token=`));
    const ranged = await fetch(new URL(audioUrl!, dashboard.url), { headers: { range: 'bytes=0-99' } });
    expect(ranged.status).toBe(206);
    expect((await ranged.arrayBuffer()).byteLength).toBe(100);
    expect((await fetch(new URL(`/meetings/${meetingId}/audio`, dashboard.url))).status).toBe(401);
    const third = page.getByTestId('segment').nth(2);
    await third.getByTitle('Play from here').click();
    await expect
      .poll(() => page.evaluate("document.querySelector('[data-testid=meeting-audio]').currentTime"))
      .toBeGreaterThan(0.5);
    await expect.poll(() => third.getAttribute('aria-current'), { timeout: 20_000 }).toBe('true');
  });

  it('renames a speaker and corrects a line; the view shows both', async () => {
    // The speaker the summary's overview names first (diarization decides whether that is S1 or S2).
    const overview = page.locator('section.summary > p');
    const label = /^(S\d+): /.exec((await overview.textContent()) ?? '')?.[1] ?? '';
    expect(label).toMatch(/^S\d+$/);
    await page.locator(`[data-testid=speaker][data-label=${label}]`).getByRole('button', { name: 'Rename' }).click();
    await page.getByLabel(`Name for ${label}`).fill('Ada');
    await page.getByRole('button', { name: 'Save' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${label} is now Ada` })
      .waitFor();
    await expect.poll(() => page.getByTestId('transcript').textContent(), { timeout: 20_000 }).toContain('Ada');
    // The summary names the speaker by the new name too, though its stored text says the label.
    expect(await overview.textContent()).toMatch(/^Ada: /);
    expect(await overview.textContent()).not.toContain(`${label}:`);
    const first = page.getByTestId('segment').first();
    await first.hover();
    await first.getByRole('button', { name: 'Edit' }).click();
    await first.getByRole('textbox').fill('Welcome to the zeppelin design review.');
    await first.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('status').filter({ hasText: 'Line corrected' }).waitFor();
    await expect.poll(() => first.textContent(), { timeout: 20_000 }).toContain('zeppelin design review. (corrected)');
    await page.screenshot({ path: path.join(screenshotsDir, 'meeting-view-light.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(screenshotsDir, 'meeting-view-dark.png'), fullPage: true });
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('exports with the correction and the new name, read back by independent parsers', async () => {
    const save = async (button: string) => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: button }).click(),
      ]);
      const file = path.join(temp.dir, download.suggestedFilename());
      await download.saveAs(file);
      return file;
    };
    const srt = new srtParser2().fromSrt(readFileSync(await save('SRT'), 'utf8'));
    expect(srt.length).toBeGreaterThan(2);
    const srtText = srt.map((cue) => cue.text).join('\n');
    expect(srtText).toContain('zeppelin design review.');
    expect(srtText).toMatch(/^Ada: /m);
    const docx = await mammoth.extractRawText({ path: await save('Word') });
    expect(docx.value).toContain('Ada');
    expect(docx.value).toContain('zeppelin design review.');
  });

  it('finds the corrected line by full-text search and jumps to it', async () => {
    await page.getByRole('link', { name: '← Meetings' }).click();
    await page.getByLabel('Search transcripts').fill('zeppelin');
    const hit = page.getByTestId('search-hit');
    await expect.poll(() => hit.count(), { timeout: 20_000 }).toBe(1);
    expect(await hit.locator('mark').textContent()).toBe('zeppelin');
    await hit.getByRole('link').click();
    await expect
      .poll(() => page.locator('[data-testid=segment].focused').getAttribute('data-segment'), { timeout: 20_000 })
      .toBe('0');
  });

  it('keeps a 3,000-line meeting virtualized: a few rows in the page, any line reachable', async () => {
    await page.goto(`${dashboard.url}#/meetings/${longId}?segment=2500`);
    await page.locator('[data-testid=segment].focused').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid=segment].focused').getAttribute('data-segment')).toBe('2500');
    expect(await page.getByTestId('segment').count()).toBeLessThan(80);
    await page.evaluate("(el => el.scrollTo(0, el.scrollHeight))(document.querySelector('[data-testid=transcript]'))");
    await expect
      .poll(() => page.locator('[data-testid=segment][data-segment="2999"]').count(), { timeout: 20_000 })
      .toBe(1);
  });

  it('deletes a meeting: it leaves the library and its recording leaves the disk', async () => {
    const audio = path.join(dataDir, 'storage', 'meeting-audio', 'local', `${meetingId}.wav`);
    expect(existsSync(audio)).toBe(true);
    await page.goto(`${dashboard.url}#/meetings/${meetingId}`);
    await page.getByRole('button', { name: 'Delete meeting' }).click();
    await page
      .getByRole('group', { name: /Delete the meeting/ })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.locator('#library-heading').waitFor();
    await expect
      .poll(() => page.locator('[data-testid=library-row]', { hasText: 'AMI design meeting' }).count())
      .toBe(0);
    expect(existsSync(audio)).toBe(false);
  });
});
