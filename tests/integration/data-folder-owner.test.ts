import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { currentOwner, lockFileName, tryLockDataFolder } from '../../electron/core/embedded/data-folder-lock.js';
import { openEmbeddedDatabase } from '../../electron/core/embedded/embedded-database.js';
import { localApiClient, readLocalApiAddress } from '../../electron/core/embedded/local-api-client.js';
import { localApiFileName } from '../../electron/core/embedded/local-api-server.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import { DataFolderError, openOwnedDatabase } from '../../electron/core/embedded/owned-database.js';
import { sampleRecording } from '../support/shared-data.js';

const root = mkdtempSync(path.join(os.tmpdir(), 'pcw-owner-unit-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const folder = (name: string) => path.join(root, name);
const place = (dataDir: string) => ({ dataDir, storageBucket: 'meeting-audio' });

/** The pid of a process that has exited (and was reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the data folder lock', () => {
  it('refuses a second holder while the first lives, and frees the folder on release', () => {
    const dir = folder('live');
    const first = tryLockDataFolder(dir, 'pc-worker serve');
    expect(first.ok).toBe(true);
    const second = tryLockDataFolder(dir, 'pc-worker enqueue', true);
    expect(second).toMatchObject({ ok: false, owner: { pid: process.pid, command: 'pc-worker serve' } });
    expect(statSync(path.join(dir, lockFileName)).mode & 0o777).toBe(0o600);
    if (first.ok) first.lock.release();
    expect(currentOwner(dir)).toBeNull();
    expect(tryLockDataFolder(dir, 'again').ok).toBe(true);
  });

  it('takes over a lock left by a dead process, and one whose pid was reused by another process', () => {
    for (const [name, owner] of [
      ['dead', { pid: deadPid(), startedAt: Date.now() - 60_000, command: 'pc-worker serve' }],
      // Our own pid, but a start time that is not ours: the holder died and the pid came back.
      ['reused', { pid: process.pid, startedAt: 1_000, command: 'pc-worker serve' }],
    ] as const) {
      const dir = folder(name);
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, lockFileName), JSON.stringify(owner));
      expect(currentOwner(dir), name).toBeNull();
      const taken = tryLockDataFolder(dir, 'pc-worker list');
      expect(taken.ok, name).toBe(true);
      expect(JSON.parse(readFileSync(path.join(dir, lockFileName), 'utf8'))).toMatchObject({ pid: process.pid });
      if (taken.ok) taken.lock.release();
    }
  });
});

describe('opening a data folder', { timeout: 120_000 }, () => {
  it('names the folder when the database cannot be opened, and changes nothing in it', async () => {
    const dir = folder('damaged');
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'db'), 'not a database folder');
    const error = await openOwnedDatabase(place(dir), { command: 'test', serveApi: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFolderError);
    expect((error as Error).message).toContain(`The local database in ${path.join(dir, 'db')} could not be opened`);
    expect((error as Error).message).toMatch(/Nothing in it was changed/);
    expect(readFileSync(path.join(dir, 'db'), 'utf8')).toBe('not a database folder');
    expect(currentOwner(dir)).toBeNull();
  });

  it('refuses a database written by a newer PC Worker without touching it', async () => {
    const dir = folder('newer');
    const db = await openEmbeddedDatabase(path.join(dir, 'db'), defaultSupabaseDir());
    await db.query(
      `insert into supabase_migrations.schema_migrations (version, name) values ('29991231000000', 'future')`,
    );
    await db.exec('create table public.from_the_future (x int)');
    await db.close();
    const error = await openOwnedDatabase(place(dir), { command: 'test', serveApi: false }).catch((e: unknown) => e);
    expect((error as Error).message).toContain(
      `The local database in ${path.join(dir, 'db')} was written by a newer PC Worker`,
    );
    const after = await openEmbeddedDatabase(path.join(dir, 'db'), defaultSupabaseDir()).catch((e: unknown) => e);
    expect((after as Error).message).toMatch(/newer PC Worker/);
  });

  it('serves the library to other processes through a 0600 address file with a token', async () => {
    const dir = folder('api');
    const owned = await openOwnedDatabase(place(dir), { command: 'pc-worker serve', serveApi: true });
    let announced = 0;
    owned.onRecordingAdded(() => (announced += 1));
    try {
      const address = readLocalApiAddress(dir);
      expect(address?.pid).toBe(process.pid);
      expect(statSync(path.join(dir, localApiFileName)).mode & 0o777).toBe(0o600);
      const client = localApiClient(address ?? { url: '', token: '', pid: 0 });
      const meetingId = '11111111-1111-4111-8111-111111111111';
      const request = { meetingId, file: sampleRecording.file, title: 'Through the API', expectedSpeakers: 2 };
      expect(await client.addRecording(request)).toEqual({ meetingId, created: true });
      // Repeated after a lost answer, the same add is a no-op: one meeting, one file.
      expect(await client.addRecording(request)).toEqual({ meetingId, created: false });
      // The worker is woken once, for the one meeting that was created, instead of finding it at its next poll.
      expect(announced).toBe(1);
      expect((await client.listMeetings()).map((m) => [m.id, m.title, m.status])).toEqual([
        [meetingId, 'Through the API', 'pending'],
      ]);
      const wrongToken = await fetch(`${address?.url}/v1/list-meetings`, {
        method: 'POST',
        headers: { authorization: 'Bearer nope' },
        body: '{}',
      });
      expect(wrongToken.status).toBe(401);
      const badBody = await fetch(`${address?.url}/v1/add-recording`, {
        method: 'POST',
        headers: { authorization: `Bearer ${address?.token}` },
        body: JSON.stringify({ meetingId: 'x', file: '' }),
      });
      expect(badBody.status).toBe(400);
      await expect(
        client.addRecording({ meetingId: '22222222-2222-4222-8222-222222222222', file: root }),
      ).rejects.toThrow(/is a folder, not a recording/);
    } finally {
      await owned.close();
    }
    expect(readLocalApiAddress(dir)).toBeNull();
    expect(currentOwner(dir)).toBeNull();
  });
});
