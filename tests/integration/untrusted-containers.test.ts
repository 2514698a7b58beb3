/**
 * ffmpeg reads what a file tells it to (issue 15, item 6): an upload that was an HLS playlist naming a
 * file of the worker's machine was decoded, and that file transcribed into the uploader's meeting. Now
 * inputs are opened only through file/pipe and only by the demuxers of self-contained containers.
 * Real ffmpeg, a real playlist and concat list pointing at a real local recording; the meeting case
 * runs on the embedded queue with the real worker.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decodeToPcm } from '../../electron/core/audio/decode.js';
import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { CorruptedAudioError } from '../../electron/core/errors.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createWorkerRuntime } from '../../electron/core/worker-runtime.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sampleRecording } from '../support/shared-data.js';

const ffmpeg = resolveFfmpegBinary();
let dir = '';
/** A recording of this machine the uploader must not get: the sample as AAC (an HLS segment type). */
let privateRecording = '';

const decode = (file: string) =>
  decodeToPcm(file, path.join(dir, `${path.basename(file)}.f32`), {
    ffmpeg,
    maxDurationSec: 3600,
    signal: new AbortController().signal,
    onProgress: () => undefined,
  });

/** An HLS playlist that names the private recording by its absolute path, uploaded as `.flac`. */
function hlsUpload(name: string): string {
  const file = path.join(dir, name);
  writeFileSync(
    file,
    `#EXTM3U\n#EXT-X-TARGETDURATION:11\n#EXTINF:10.4,\n${privateRecording}\n#EXTINF:10.4,\nfile://${privateRecording}\n#EXT-X-ENDLIST\n`,
  );
  return file;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-containers-'));
  privateRecording = path.join(dir, 'private-interview.aac');
  execFileSync(ffmpeg, ['-loglevel', 'error', '-i', sampleRecording.file, '-c:a', 'aac', privateRecording]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('what the decoder refuses to follow', () => {
  it('refuses an HLS playlist that points at a local file, with a message a person can act on', async () => {
    const caught = await decode(hlsUpload('weekly.flac')).catch((error: unknown) => error);
    expect(caught).toBeInstanceOf(CorruptedAudioError);
    expect((caught as Error).message).toBe(
      'The file is a playlist or a list of other files (hls), not a recording: upload the recording itself.',
    );
    expect(existsSync(path.join(dir, 'weekly.flac.f32'))).toBe(false);
  });

  it('refuses a concat list and an HLS playlist that names a URL', async () => {
    const concat = path.join(dir, 'list.wav');
    writeFileSync(concat, `ffconcat version 1.0\nfile '${privateRecording}'\n`);
    await expect(decode(concat)).rejects.toThrow(/playlist or a list of other files \(concat\)/);
    const remote = path.join(dir, 'remote.m4a');
    writeFileSync(
      remote,
      '#EXTM3U\n#EXT-X-TARGETDURATION:11\n#EXTINF:10.4,\nhttp://127.0.0.1:9/x.aac\n#EXT-X-ENDLIST\n',
    );
    await expect(decode(remote)).rejects.toThrow(/playlist or a list of other files \(hls\)/);
  });

  it('still decodes self-contained recordings (FLAC, AAC, M4A, WAV)', async () => {
    const m4a = path.join(dir, 'meeting.m4a');
    const wav = path.join(dir, 'meeting.wav');
    execFileSync(ffmpeg, ['-loglevel', 'error', '-i', sampleRecording.file, '-c:a', 'aac', m4a]);
    execFileSync(ffmpeg, ['-loglevel', 'error', '-i', sampleRecording.file, wav]);
    for (const file of [sampleRecording.file, privateRecording, m4a, wav]) {
      expect((await decode(file)).durationSec).toBeGreaterThan(10);
    }
  });
});

describe('a meeting whose upload is a playlist', () => {
  it('fails at once with the reason and transcribes nothing of the file it names', async () => {
    const home = path.join(dir, 'worker');
    const runtime = await createWorkerRuntime(offlineSettings(home, { workerId: 'containers-w' }), {
      log: createLogger({ level: 'error', console: false, secrets: [] }),
      emit: () => undefined,
    });
    try {
      const embedded = runtime.embedded;
      if (embedded === null) throw new Error('no embedded queue');
      const id = await enqueueLocalRecording(embedded.db, embedded.bucketDir, hlsUpload('upload.flac'));
      const outcome = await runtime.service.processMeeting(id);
      expect(outcome).toMatchObject({ outcome: 'failed' });
      const { rows } = await embedded.db.query<{ status: string; error_message: string; segments: number }>(
        `select m.status, m.error_message,
                (select count(*)::int from public.transcript_segments s where s.meeting_id = m.id) as segments
           from public.meetings m where m.id = $1`,
        [id],
      );
      expect(rows[0]).toEqual({
        status: 'failed',
        error_message:
          'The file is a playlist or a list of other files (hls), not a recording: upload the recording itself.',
        segments: 0,
      });
    } finally {
      await runtime.close();
    }
  });
});
