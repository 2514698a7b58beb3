/**
 * The watch folder on real files: a recording copied in is added once its size stops changing, a copy
 * still being written is left alone until it is whole, nothing is added twice (not even after a restart),
 * and a file replaced under the same name is a new recording. Real embedded database, real ffmpeg checks,
 * real recordings; the test steps the looks itself instead of waiting for the timer.
 */
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { pgliteLibrary } from '../../electron/core/embedded/pglite-library.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { addRecordings, planRecordings } from '../../electron/core/recordings/add-recordings.js';
import { watchFolder, type FolderWatch } from '../../electron/core/recordings/watch-folder.js';
import { sharedDir } from '../support/shared-data.js';

const clips = ['ami_excerpt_trn03.wav', 'ami_excerpt_trn04.wav'].map((name) =>
  path.join(sharedDir, 'data', 'diarization', name),
);

describe('watch folder', { timeout: 60_000 }, () => {
  let dir = '';
  let db: PGlite;
  const folder = () => path.join(dir, 'incoming');
  const bucket = () => path.join(dir, 'bucket');
  const log = createLogger({ level: 'error', console: false, secrets: [] });
  const limits = { ffmpeg: resolveFfmpegBinary(), maxBytes: 100 * 1024 * 1024, maxHours: 8 };

  const start = (): Promise<FolderWatch> =>
    watchFolder({
      folder: folder(),
      ledgerFile: path.join(dir, 'watch-folder.json'),
      add: (sources) => addRecordings(pgliteLibrary(db, bucket()), planRecordings(sources, {}), limits),
      log,
      intervalMs: 3_600_000,
    });
  const titles = async () =>
    (await db.query<{ title: string }>('select title from public.meetings order by created_at, title')).rows.map(
      (row) => row.title,
    );
  const storedBytes = async (title: string) => {
    const row = await db.query<{ audio_path: string }>('select audio_path from public.meetings where title = $1', [
      title,
    ]);
    return readFileSync(path.join(bucket(), ...(row.rows[0]?.audio_path ?? '').split('/')));
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-watch-'));
    mkdirSync(folder());
    db = await openEmbeddedDatabase(path.join(dir, 'db'), defaultSupabaseDir());
  });
  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a recording once its size held still between two looks, and only once', async () => {
    const watch = await start();
    copyFileSync(clips[0] ?? '', path.join(folder(), 'seminar.wav'));
    writeFileSync(path.join(folder(), 'agenda.txt'), 'not a recording');
    await watch.scan();
    expect(await titles()).toEqual([]);
    await watch.scan();
    expect(await titles()).toEqual(['seminar.wav']);
    await watch.scan();
    await watch.scan();
    expect(await titles()).toEqual(['seminar.wav']);
    await watch.stop();
  });

  it('leaves a file that is still being written alone until it is whole', async () => {
    const watch = await start();
    const whole = readFileSync(clips[1] ?? '');
    const target = path.join(folder(), 'lecture.wav');
    writeFileSync(target, whole.subarray(0, 300_000));
    await watch.scan();
    appendFileSync(target, whole.subarray(300_000, 600_000));
    await watch.scan();
    appendFileSync(target, whole.subarray(600_000));
    await watch.scan();
    expect(await titles()).toEqual(['seminar.wav']);
    await watch.scan();
    expect(await titles()).toEqual(['seminar.wav', 'lecture.wav']);
    expect((await storedBytes('lecture.wav')).equals(whole)).toBe(true);
    await watch.stop();
  });

  it('adds nothing again after a restart, but a file replaced under the same name is a new recording', async () => {
    const watch = await start();
    await watch.scan();
    await watch.scan();
    expect(await titles()).toEqual(['seminar.wav', 'lecture.wav']);
    copyFileSync(clips[1] ?? '', path.join(folder(), 'seminar.wav'));
    await watch.scan();
    await watch.scan();
    expect(await titles()).toEqual(['seminar.wav', 'lecture.wav', 'seminar.wav']);
    await watch.stop();
  });

  it('remembers a file it refused, so it is not offered again until it changes', async () => {
    const watch = await start();
    writeFileSync(path.join(folder(), 'broken.mp3'), 'not audio at all\n'.repeat(40));
    await watch.scan();
    await watch.scan();
    await watch.scan();
    expect(await titles()).toHaveLength(3);
    const ledger = JSON.parse(readFileSync(path.join(dir, 'watch-folder.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(ledger).sort()).toEqual(['broken.mp3', 'lecture.wav', 'seminar.wav']);
    await watch.stop();
  });
});
