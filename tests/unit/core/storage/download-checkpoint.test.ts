import { closeSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import {
  clearCheckpoint,
  readCheckpoint,
  writeCheckpoint,
} from '../../../../electron/core/storage/download-checkpoint.js';

/**
 * A checkpoint vouches for the bytes of a partial download (issue 15, low): it must be replaced whole
 * (temp file, fsync, rename), never rewritten in place, where a power cut leaves it torn or empty.
 */
const block = 'ab'.repeat(32);
const first = { etag: '"first"', size: 600_000, blockBytes: 16_384, blocks: [block] };
const second = { etag: '"second-version-of-the-object"', size: 700_000, blockBytes: 16_384, blocks: [block, block] };

describe('download checkpoints', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('replaces the checkpoint by a rename: the previous version stays intact until the new one is complete', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-checkpoint-'));
    const partial = path.join(dir, 'meeting.flac');
    await writeCheckpoint(partial, first);
    // A reader (or a crash) holding the old file sees it whole: an in-place write would truncate it.
    const previous = openSync(`${partial}.checkpoint.json`, 'r');
    await writeCheckpoint(partial, second);
    const buffer = Buffer.alloc(200);
    const length = readSync(previous, buffer, 0, buffer.length, 0);
    closeSync(previous);
    expect(JSON.parse(buffer.subarray(0, length).toString('utf8'))).toEqual(first);
    expect(await readCheckpoint(partial)).toEqual(second);
    expect(readdirSync(dir)).toEqual(['meeting.flac.checkpoint.json']);
  });

  it('clears the checkpoint and a half-written temp file a power cut left behind', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-checkpoint-'));
    const partial = path.join(dir, 'meeting.flac');
    const unsized = { etag: '"e"', size: null, blockBytes: 16_384, blocks: [] };
    await writeCheckpoint(partial, unsized);
    writeFileSync(`${partial}.checkpoint.json.tmp`, '{"etag":"e","si');
    expect(await readCheckpoint(partial)).toEqual(unsized);
    await clearCheckpoint(partial);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('vouches for nothing without block hashes (a checkpoint an older version wrote)', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-checkpoint-'));
    const partial = path.join(dir, 'meeting.flac');
    writeFileSync(`${partial}.checkpoint.json`, JSON.stringify({ etag: '"e"', size: 600_000 }));
    expect(await readCheckpoint(partial)).toBeNull();
  });
});
