/**
 * What `pc-worker process` leaves behind (issue 21 §5): no copy of its input in the data folder, whether
 * the recording was processed or refused, and no model copy there either when MODEL_CACHE_DIR is a
 * read-only shared folder: the float-activation copy goes to the user's cache, once for every data folder.
 * Real CLI, real ffmpeg, real Whisper tiny from ../shared/models (read-only).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { readAsrReferences, repoDir, sharedModelsDir } from '../support/shared-data.js';

describe('pc-worker process leaves no copies behind', { timeout: 400_000 }, () => {
  let dir = '';
  const data = () => path.join(dir, 'data');
  const bucket = () => path.join(data(), 'storage', 'meeting-audio', 'local');
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoDir, 'electron/cli/bin.mjs'), 'process', '--quiet', ...args], {
      cwd: repoDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PC_WORKER_DATA_DIR: data(),
        AUDIO_TEMP_DIR: path.join(dir, 'temp'),
        MODEL_CACHE_DIR: sharedModelsDir,
        XDG_CACHE_HOME: path.join(dir, 'cache'),
        WHISPER_MODEL: 'Xenova/whisper-tiny',
        ALLOW_REMOTE_MODELS: 'false',
        ENABLE_GPU: 'false',
        SUPABASE_URL: '',
        SUPABASE_KEY: '',
      },
      timeout: 380_000,
    });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-hygiene-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps the float-activation copy in the user cache, not the data folder, when MODEL_CACHE_DIR is read-only', () => {
    expect(statSync(sharedModelsDir).mode & 0o222).toBe(0);
    const clip = readAsrReferences().find((r) => r.language === 'en')?.file ?? '';
    const result = cli(clip, '--language', 'en');
    expect(result.status, result.stderr).toBe(0);
    expect(existsSync(path.join(data(), 'models'))).toBe(false);
    expect(readdirSync(path.join(dir, 'cache', 'pc-worker', 'models', 'float-activations', 'Xenova'))).toEqual([
      'whisper-tiny',
    ]);
    expect(readdirSync(bucket())).toEqual([]);
  });

  it('keeps no copy of an input it refused, and says what is wrong with the file', () => {
    const notes = path.join(dir, 'notes.wav');
    writeFileSync(notes, 'Notes from the meeting\n'.repeat(100));
    const result = cli(notes);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'The file is not a recording PC Worker can read: it is not audio, or it is damaged.',
    );
    expect(readdirSync(bucket())).toEqual([]);
  });
});
