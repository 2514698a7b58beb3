/**
 * `pc-worker enqueue` as a person uses it: several files and a folder at once, with a title, a language
 * and a speaker count; a file that is not audio is refused at once with the worker's own words, and the
 * others are still added. Real CLI process, real ffmpeg, real recordings; the data folder is read after.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { readAsrReferences, repoDir } from '../support/shared-data.js';

describe('pc-worker enqueue', { timeout: 120_000 }, () => {
  let dir = '';
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoDir, 'electron/cli/bin.mjs'), 'enqueue', ...args], {
      cwd: repoDir,
      encoding: 'utf8',
      env: { ...process.env, PC_WORKER_DATA_DIR: path.join(dir, 'data'), SUPABASE_URL: '', SUPABASE_KEY: '' },
      timeout: 100_000,
    });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-enqueue-'));
    const english = readAsrReferences().filter((r) => r.language === 'en');
    mkdirSync(path.join(dir, 'folder'));
    for (const [index, reference] of english.slice(0, 2).entries()) {
      copyFileSync(reference.file, path.join(dir, 'folder', `part ${String(index + 1)}.flac`));
    }
    // A folder's other files are not recordings and are passed over.
    writeFileSync(path.join(dir, 'folder', 'agenda.txt'), 'Agenda\n');
    copyFileSync(english[2]?.file ?? '', path.join(dir, 'single.flac'));
    writeFileSync(path.join(dir, 'minutes.mp3'), 'Minutes of the seminar\n'.repeat(100));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('adds every recording of files and folders with title, language and speakers, and refuses what is not audio', async () => {
    const result = cli(
      path.join(dir, 'single.flac'),
      path.join(dir, 'folder'),
      path.join(dir, 'minutes.mp3'),
      '--title',
      'Seminar',
      '--language',
      'de',
      '--speakers',
      '2',
    );
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split('\n')).toHaveLength(3);
    expect(result.stderr).toContain(
      `not added: ${path.join(dir, 'minutes.mp3')}: The file is not a recording PC Worker can read: it is not audio, or it is damaged.`,
    );
    const db = await openEmbeddedDatabase(path.join(dir, 'data', 'db'), defaultSupabaseDir());
    try {
      const rows = await db.query<{ id: string; title: string; requested_language: string; expected_speakers: number }>(
        'select id, title, requested_language, expected_speakers from public.meetings order by title',
      );
      expect(rows.rows.map((row) => [row.title, row.requested_language, row.expected_speakers])).toEqual([
        ['Seminar (part 1.flac)', 'de', 2],
        ['Seminar (part 2.flac)', 'de', 2],
        ['Seminar (single.flac)', 'de', 2],
      ]);
      expect(rows.rows.map((row) => row.id).sort()).toEqual(result.stdout.trim().split('\n').sort());
    } finally {
      await db.close();
    }
  });

  it('says which speaker counts it takes', () => {
    const result = cli(path.join(dir, 'single.flac'), '--speakers', 'many');
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('--speakers takes a whole number from 1 to 32, not "many"');
  });
});
