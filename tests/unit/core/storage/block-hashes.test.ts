import { createHash, randomBytes } from 'node:crypto';

import { describe, expect, it } from 'vitest';

import { BlockHashes, blockBytesFor } from '../../../../electron/core/storage/block-hashes.js';

const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('block hashes of a download', () => {
  it('hashes each block the same however the network cut the bytes into chunks', () => {
    const bytes = randomBytes(100_000);
    const hashes = new BlockHashes(16_384);
    for (let at = 0; at < bytes.length;) {
      const chunk = 1 + ((at * 7919) % 40_000); // chunks smaller and larger than a block
      hashes.update(bytes.subarray(at, at + chunk));
      at += chunk;
    }
    expect(hashes.blocks).toHaveLength(6); // the short last block is not closed before finish()
    hashes.finish();
    const expected = Array.from({ length: 7 }, (_, index) => sha(bytes.subarray(index * 16_384, (index + 1) * 16_384)));
    expect(hashes.blocks).toEqual(expected);
    expect(hashes.bytesIn(7, bytes.length)).toBe(bytes.length);
  });

  it('continues after a rewind from the block boundary it was cut back to', () => {
    const bytes = randomBytes(50_000);
    const hashes = new BlockHashes(16_384);
    hashes.update(bytes.subarray(0, 40_000));
    hashes.rewind(1);
    hashes.update(bytes.subarray(16_384));
    hashes.finish();
    expect(hashes.blocks).toEqual([0, 1, 2, 3].map((i) => sha(bytes.subarray(i * 16_384, (i + 1) * 16_384))));
  });

  it('keeps a checkpoint to about 256 blocks of 16 KiB to 8 MiB', () => {
    expect(blockBytesFor(127_000)).toBe(16_384);
    expect(blockBytesFor(600_000)).toBe(16_384);
    expect(blockBytesFor(100_000_000)).toBe(393_216);
    expect(blockBytesFor(2_000_000_000)).toBe(7_815_168);
    expect(blockBytesFor(20_000_000_000)).toBe(8 * 1024 * 1024);
    expect(blockBytesFor(null)).toBe(8 * 1024 * 1024);
  });
});
