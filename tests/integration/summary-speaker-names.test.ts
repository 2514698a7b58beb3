import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import mammoth from 'mammoth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meetingResultSchema, type MeetingResult } from '../../electron/contract/meeting-result.js';
import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { pgliteLibrary } from '../../electron/core/embedded/pglite-library.js';
import { pgliteMeetingEditor } from '../../electron/core/embedded/pglite-meeting-editor.js';
import { exportMeeting } from '../../electron/core/export/export-meeting.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createExtractiveBackend } from '../../electron/core/summary/extractive-summarizer.js';
import { summarizeMeeting } from '../../electron/core/summary/summarize-meeting.js';
import { repoDir } from '../support/shared-data.js';

/**
 * A renamed speaker is renamed in the summary too. The summary of a real two-speaker call (SpokenWOZ
 * MUL1011) is written by the real extractive summarizer, whose overview names who spoke by label
 * ("S1: … S2: …"); the meeting is saved by complete_meeting on the embedded database, then its speakers
 * are renamed twice and the documents are read back (Markdown as text, DOCX through mammoth).
 */
const fixture = meetingResultSchema.parse(
  JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
);
const recording = path.join(repoDir, 'resources/samples/librispeech-1089-134686-0000.flac');
const meetingId = '5a2c9e41-7b3d-4c6e-9f10-2b3c4d5e6f70';
const token = '7a3c9e10-1b2d-4e5f-8a6b-9c0d1e2f3a4b';

/** The "## Summary" part of a Markdown export (the transcript below it names speakers anyway). */
const summaryPart = (markdown: string) =>
  markdown.slice(markdown.indexOf('## Summary'), markdown.indexOf('## Transcript'));

describe('speaker names in the summary', { timeout: 60_000 }, () => {
  let dir = '';
  let db: PGlite;
  let result: MeetingResult;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-summary-names-'));
    db = await openEmbeddedDatabase(path.join(dir, 'db'), defaultSupabaseDir());
    const summary = await summarizeMeeting(fixture, [createExtractiveBackend()], {
      signal: new AbortController().signal,
      log: createLogger({ level: 'error', console: false, secrets: [] }),
      onProgress: () => undefined,
    });
    result = { ...fixture, summary };
    await pgliteLibrary(db, path.join(dir, 'bucket')).addRecording({ meetingId, file: recording, title: 'Hotel' });
    await db.query(
      `update public.meetings set status = 'processing', claimed_by = 'w1', lease_token = $2 where id = $1`,
      [meetingId, token],
    );
    await db.query('select public.complete_meeting($1, $2, $3, $4)', [meetingId, 'w1', token, result]);
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const exported = async (format: 'md' | 'docx' | 'json') => {
    const detail = (await pgliteLibrary(db, path.join(dir, 'bucket')).getMeeting(meetingId))!;
    return exportMeeting({ ...detail, result: detail.result! }, format);
  };

  it('shows the names people gave in the overview and the items of every document, after each rename', async () => {
    expect(result.summary?.overview).toMatch(/^S1: .* S2: /);
    const editor = pgliteMeetingEditor(db, path.join(dir, 'bucket'));
    expect(await editor.renameSpeaker(meetingId, 'S1', 'Ada')).toBe(true);
    expect(await editor.renameSpeaker(meetingId, 'S2', 'Bob')).toBe(true);
    let markdown = summaryPart(String(await exported('md')));
    expect(markdown).toMatch(/^Ada: .* Bob: /m);
    expect(markdown).not.toMatch(/\bS[12]\b/);
    // Renamed again: the stored summary still refers to S1, so the newest name is shown.
    expect(await editor.renameSpeaker(meetingId, 'S1', 'Ada Lovelace')).toBe(true);
    markdown = summaryPart(String(await exported('md')));
    expect(markdown).toMatch(/^Ada Lovelace: .* Bob: /m);
    const docx = (await mammoth.extractRawText({ buffer: (await exported('docx')) as Buffer })).value;
    const docxSummary = docx.slice(docx.indexOf('Summary'), docx.indexOf('Transcript'));
    expect(docxSummary).toMatch(/Ada Lovelace: .* Bob: /);
    expect(docxSummary).not.toMatch(/\bS[12]\b/);
    // An empty name gives the label back, in the summary as in the transcript.
    expect(await editor.renameSpeaker(meetingId, 'S2', '')).toBe(true);
    expect(summaryPart(String(await exported('md')))).toMatch(/^Ada Lovelace: .* S2: /m);
  });

  it('keeps the labels in the JSON export, which carries the names in its speakers', async () => {
    const json = meetingResultSchema.parse(JSON.parse(String(await exported('json'))));
    expect(json.summary?.overview).toBe(result.summary?.overview);
    expect(json.speakers.find((speaker) => speaker.label === 'S1')?.name).toBe('Ada Lovelace');
  });
});
