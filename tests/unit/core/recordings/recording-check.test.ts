import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { resolveFfmpegBinary } from '../../../../electron/core/audio/ffmpeg-binary.js';
import { checkRecording } from '../../../../electron/core/recordings/recording-check.js';
import { sampleRecording } from '../../../support/shared-data.js';

/** Real ffmpeg on real and made-up files: the check refuses what the worker would refuse, in its words. */
describe('checkRecording', { timeout: 60_000 }, () => {
  const ffmpeg = resolveFfmpegBinary();
  const limits = { ffmpeg, maxBytes: 10 * 1024 * 1024, maxHours: 8 };
  let dir = '';
  const file = (name: string, content: string | Buffer) => {
    const target = path.join(dir, name);
    writeFileSync(target, content);
    return target;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-check-'));
    mkdirSync(path.join(dir, 'folder.wav'));
    // A video without sound, and 30 s of sound declared in its header.
    execFileSync(ffmpeg, [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'color=c=black:s=32x32:d=1',
      path.join(dir, 'silent.mp4'),
    ]);
    execFileSync(ffmpeg, ['-v', 'error', '-f', 'lavfi', '-i', 'sine=d=30', path.join(dir, 'tone.wav')]);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts a real recording', async () => {
    await expect(checkRecording(sampleRecording.file, limits)).resolves.toBeUndefined();
  });

  it('refuses a folder, an empty file, text, and a video without an audio track', async () => {
    await expect(checkRecording(path.join(dir, 'folder.wav'), limits)).rejects.toThrow(/folder\.wav is a folder/);
    await expect(checkRecording(file('empty.wav', ''), limits)).rejects.toThrow('The audio file is empty (0 bytes).');
    await expect(checkRecording(file('notes.mp3', 'Notes\n'.repeat(50)), limits)).rejects.toThrow(
      'The file is not a recording PC Worker can read: it is not audio, or it is damaged.',
    );
    await expect(checkRecording(path.join(dir, 'silent.mp4'), limits)).rejects.toThrow(
      'The file is a video without an audio track.',
    );
  });

  it('refuses a file over MAX_AUDIO_MB and a recording over MAX_AUDIO_HOURS', async () => {
    await expect(checkRecording(sampleRecording.file, { ...limits, maxBytes: 1000 })).rejects.toThrow(
      /over the 0\.0 MB limit \(MAX_AUDIO_MB\)/,
    );
    await expect(checkRecording(path.join(dir, 'tone.wav'), { ...limits, maxHours: 0.005 })).rejects.toThrow(
      'The recording is longer than the 0.0 h limit (MAX_AUDIO_HOURS).',
    );
  });
});
