/**
 * Adding recordings to the headless dashboard by upload: the real server module on a real embedded
 * queue, real ffmpeg checking each file, real recordings from ../shared/data. The worker is not started,
 * so the meetings stay pending where the test can look at them.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startDashboardServer, type DashboardServer } from '../../electron/cli/dashboard-server.js';
import { uploadFolderName } from '../../electron/cli/recording-upload.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sharedDir } from '../support/shared-data.js';

const clip = path.join(sharedDir, 'data', 'diarization', 'ami_excerpt_trn03.wav');

interface Reply {
  status: number;
  body: { ok: boolean; added?: { meetingId: string; name: string }; error?: string };
}

describe('upload to the headless dashboard', { timeout: 60_000 }, () => {
  let dir = '';
  let dashboard: DashboardServer;
  let port = 0;
  let token = '';
  const uploads = () => path.join(dir, 'data', uploadFolderName);

  /** POSTs `parts` one after another; `between` runs after each part but the last. */
  function upload(
    query: string,
    parts: Buffer[],
    options: { token?: string; between?: () => Promise<void>; chunked?: boolean } = {},
  ): Promise<Reply> {
    const length = parts.reduce((sum, part) => sum + part.length, 0);
    return new Promise((resolve, reject) => {
      const sent = request(
        {
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: `/recordings?${query}`,
          headers: {
            authorization: `Bearer ${options.token ?? token}`,
            ...(options.chunked === true ? {} : { 'content-length': String(length) }),
          },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (text += chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Reply['body'] }),
          );
        },
      );
      sent.on('error', reject);
      void (async () => {
        for (const [index, part] of parts.entries()) {
          if (!sent.write(part)) await new Promise((next) => sent.once('drain', next));
          if (index < parts.length - 1) await options.between?.();
        }
        sent.end();
      })().catch(reject);
    });
  }

  const meetings = async () => {
    const embedded = dashboard.host.runtime.embedded;
    if (embedded === null) throw new Error('not embedded');
    return (
      await embedded.db.query<{
        id: string;
        title: string;
        requested_language: string | null;
        expected_speakers: number | null;
        audio_path: string;
      }>('select id, title, requested_language, expected_speakers, audio_path from public.meetings order by created_at')
    ).rows;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-upload-'));
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>dashboard</title>');
    // A 1 MB cap: the 0.96 MB recording fits, two of them do not.
    mkdirSync(path.join(dir, 'incoming'));
    dashboard = await startDashboardServer(
      offlineSettings(dir, { maxAudioMegabytes: 1, watchFolder: path.join(dir, 'incoming') }),
      {
        port: 0,
        settingsFile: path.join(dir, 'settings.json'),
        rendererDir,
      },
    );
    const url = new URL(dashboard.url);
    port = Number(url.port);
    token = url.searchParams.get('token') ?? '';
  });
  afterAll(async () => {
    await dashboard.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams the upload to disk as it arrives, checks it and queues it with its title, language and speakers', async () => {
    const bytes = readFileSync(clip);
    let partial = 0;
    const reply = await upload(
      'name=Budget%20review.wav&title=Budget%20review&language=en&speakers=3',
      [bytes.subarray(0, 500_000), bytes.subarray(500_000)],
      {
        // Half the file sent, the request still open: the half is already on disk, not in memory.
        between: async () => {
          for (let i = 0; i < 100 && partial < 500_000; i++) {
            await new Promise((next) => setTimeout(next, 20));
            partial = readdirSync(uploads()).reduce((sum, name) => sum + statSync(path.join(uploads(), name)).size, 0);
          }
        },
      },
    );
    expect(partial).toBe(500_000);
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    const rows = await meetings();
    expect(rows).toEqual([
      expect.objectContaining({
        id: reply.body.added?.meetingId,
        title: 'Budget review',
        requested_language: 'en',
        expected_speakers: 3,
      }),
    ]);
    const stored = path.join(dir, 'data', 'storage', 'meeting-audio', ...(rows[0]?.audio_path ?? '').split('/'));
    expect(readFileSync(stored).equals(bytes)).toBe(true);
    expect(readdirSync(uploads())).toEqual([]);
  });

  it("refuses a file that is not audio with the worker's own words, and keeps nothing of it", async () => {
    const reply = await upload('name=minutes.wav', [Buffer.from('Minutes of the budget meeting\n'.repeat(200))]);
    expect(reply.status).toBe(422);
    expect(reply.body.error).toBe('The file is not a recording PC Worker can read: it is not audio, or it is damaged.');
    expect(await meetings()).toHaveLength(1);
    expect(readdirSync(uploads())).toEqual([]);
    expect(readdirSync(path.join(dir, 'data', 'storage', 'meeting-audio', 'local'))).toHaveLength(1);
  });

  it('refuses a file over the size cap (MAX_AUDIO_MB), declared or counted, and leaves no part of it', async () => {
    const twice = Buffer.concat([readFileSync(clip), readFileSync(clip)]);
    const declared = await upload('name=long.wav', [twice]);
    expect(declared.status).toBe(413);
    expect(declared.body.error).toMatch(/^The audio file is 1\.8 MB, over the 1\.0 MB limit \(MAX_AUDIO_MB\)\.$/);
    // Without a length the bytes are counted as they come and the copy stops at the cap.
    const counted = await upload('name=long.wav', [twice.subarray(0, 600_000), twice.subarray(600_000)], {
      chunked: true,
    }).catch((error: unknown) => ({ status: 0, body: { ok: false, error: String(error) } }));
    expect(counted.status === 413 || counted.status === 0).toBe(true);
    await new Promise((next) => setTimeout(next, 200));
    expect(readdirSync(uploads())).toEqual([]);
    expect(await meetings()).toHaveLength(1);
  });

  it('refuses an upload without the page token', async () => {
    const reply = await upload('name=a.wav', [readFileSync(clip)], { token: 'not-the-token' });
    expect(reply.status).toBe(401);
    expect(await meetings()).toHaveLength(1);
    expect(existsSync(uploads())).toBe(true);
  });

  it('also adds what appears in the watch folder (WATCH_FOLDER), once its size held still', async () => {
    const watch = dashboard.host.runtime.watch;
    if (watch === null) throw new Error('the watch folder setting was not applied');
    copyFileSync(clip, path.join(dir, 'incoming', 'Lab meeting.wav'));
    await watch.scan();
    await watch.scan();
    expect((await meetings()).map((row) => row.title)).toContain('Lab meeting.wav');
  });
});
