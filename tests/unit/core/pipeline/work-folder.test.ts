import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../../../electron/core/log/logger.js';
import { openWorkFolder, sweepWorkFolders } from '../../../../electron/core/pipeline/work-folder.js';

/**
 * The temp sweep on a real folder, with real processes as owners: one still running (another worker
 * sharing the temp folder) and one that has exited (a crashed run).
 */
const log = createLogger({ level: 'error', console: false, secrets: [] });
let dir = '';
let liveWorker: ChildProcess;
let deadPid = 0;

const folder = (name: string, owner: { pid: number; host?: string } | null, files: Record<string, string> = {}) => {
  const at = path.join(dir, name);
  mkdirSync(at, { recursive: true });
  if (owner !== null) writeFileSync(path.join(at, '.owner.json'), JSON.stringify({ host: os.hostname(), ...owner }));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(at, file), text);
  return at;
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-work-folder-'));
  liveWorker = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
  const crashed = spawn(process.execPath, ['-e', 'process.exit(0)'], { stdio: 'ignore' });
  deadPid = crashed.pid ?? 0;
  await once(crashed, 'exit');
});
afterAll(() => {
  liveWorker.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('the temp sweep at worker start', () => {
  it('removes a crashed run’s folder, keeps a live worker’s, and trims a recent download to its checkpoint', async () => {
    const livePid = liveWorker.pid ?? 0;
    const crashed = folder('1b6f0d8e-crashed', { pid: deadPid }, { 'audio.f32': 'pcm', 'clip.flac': 'audio' });
    const live = folder('2c7a1e9f-live', { pid: livePid }, { 'audio.f32': 'pcm being written' });
    const resumable = folder(
      '3d8b2fa0-resume',
      { pid: deadPid },
      {
        'm.flac': 'first half',
        'm.flac.checkpoint.json': '{"etag":"e","size":10}',
        'audio.f32': 'stale pcm',
      },
    );
    const stale = folder('4e9c3ab1-stale', { pid: deadPid }, { 'm.flac': 'x', 'm.flac.checkpoint.json': '{}' });
    const twoDaysAgo = new Date(Date.now() - 48 * 3600 * 1000);
    for (const file of ['m.flac', 'm.flac.checkpoint.json']) utimesSync(path.join(stale, file), twoDaysAgo, twoDaysAgo);
    const otherHost = folder('5fad4bc2-elsewhere', { pid: deadPid, host: 'another-machine' }, { 'audio.f32': 'x' });
    const notOurs = folder('photos', null, { 'holiday.jpg': 'x' });
    writeFileSync(path.join(dir, 'notes.txt'), 'a file of someone else');

    const report = await sweepWorkFolders(dir, { log });

    expect(existsSync(crashed)).toBe(false);
    expect(existsSync(stale)).toBe(false);
    expect(readdirSync(live).sort()).toEqual(['.owner.json', 'audio.f32']);
    expect(readdirSync(resumable).sort()).toEqual(['.owner.json', 'm.flac', 'm.flac.checkpoint.json']);
    expect(readdirSync(otherHost)).toContain('audio.f32');
    expect(readdirSync(notOurs)).toEqual(['holiday.jpg']);
    expect(readdirSync(dir)).toContain('notes.txt');
    expect(report.removed.sort()).toEqual(['1b6f0d8e-crashed', '4e9c3ab1-stale']);
    expect(report.trimmed).toEqual(['3d8b2fa0-resume']);
    expect(report.live.sort()).toEqual(['2c7a1e9f-live', '5fad4bc2-elsewhere']);
  });

  it('lets the next lease take over a kept folder: renamed to the new lease, owned by this process, checkpoint kept', async () => {
    folder('6abe5cd3-takeover.0ld-token', { pid: deadPid }, { 'm.flac.checkpoint.json': '{}', 'm.flac': 'half' });
    const lease = { meetingId: '6abe5cd3-takeover', token: 'new-token' };
    const opened = await openWorkFolder(dir, lease);
    expect(opened).toBe(path.join(dir, '6abe5cd3-takeover.new-token'));
    expect(existsSync(path.join(dir, '6abe5cd3-takeover.0ld-token'))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(opened, '.owner.json'), 'utf8'))).toEqual({
      pid: process.pid,
      host: os.hostname(),
    });
    expect((await sweepWorkFolders(dir, { log })).live).toContain('6abe5cd3-takeover.new-token');
    expect(readdirSync(opened).sort()).toEqual(['.owner.json', 'm.flac', 'm.flac.checkpoint.json']);
  });

  it('never takes over the folder of a live process holding another lease of the same meeting', async () => {
    const other = folder('7bcf6de4-shared.lease-a', { pid: liveWorker.pid ?? 0 }, { 'audio.f32': 'being written' });
    const legacy = folder('7bcf6de4-shared', { pid: liveWorker.pid ?? 0 }, { 'audio.f32': 'older version' });
    const mine = await openWorkFolder(dir, { meetingId: '7bcf6de4-shared', token: 'lease-b' });
    expect(mine).toBe(path.join(dir, '7bcf6de4-shared.lease-b'));
    expect(readdirSync(mine)).toEqual(['.owner.json']);
    expect(readdirSync(other).sort()).toEqual(['.owner.json', 'audio.f32']);
    expect(readdirSync(legacy).sort()).toEqual(['.owner.json', 'audio.f32']);
  });

  it('takes over the folder an older version left under the meeting id alone', async () => {
    folder('8cd07ef5-legacy', { pid: deadPid }, { 'm.flac.checkpoint.json': '{}', 'm.flac': 'half' });
    const mine = await openWorkFolder(dir, { meetingId: '8cd07ef5-legacy', token: 'lease-c' });
    expect(readdirSync(mine).sort()).toEqual(['.owner.json', 'm.flac', 'm.flac.checkpoint.json']);
    expect(existsSync(path.join(dir, '8cd07ef5-legacy'))).toBe(false);
  });

  it('does nothing when the temp folder does not exist yet', async () => {
    expect(await sweepWorkFolders(path.join(dir, 'missing'), { log })).toEqual({ removed: [], trimmed: [], live: [] });
  });
});
