import { createHash, type Hash } from 'node:crypto';

/** A checkpoint holds about this many block hashes, whatever the object's size. */
const blocksPerObject = 256;
const smallestBlock = 16 * 1024;
const largestBlock = 8 * 1024 * 1024;

/**
 * The block size for an object of `size` bytes: about 256 blocks, 16 KiB to 8 MiB each (a 2 GB
 * recording: blocks of 7.8 MB). A resume loses at most one block, and the checkpoint stays small.
 */
export function blockBytesFor(size: number | null): number {
  if (size === null) return largestBlock;
  const even = Math.ceil(size / blocksPerObject / smallestBlock) * smallestBlock;
  return Math.min(largestBlock, Math.max(smallestBlock, even));
}

/**
 * SHA-256 of each block of a download, computed from the bytes as they arrive from the network,
 * before the disk has them. A resume hashes the blocks found on disk again and keeps only those that
 * match: what a power cut left unwritten (zeros, or old bytes) is fetched again, never trusted.
 */
export class BlockHashes {
  private readonly done: string[];
  private current: Hash = createHash('sha256');
  private filled = 0;

  constructor(
    readonly blockBytes: number,
    completed: readonly string[] = [],
  ) {
    this.done = [...completed];
  }

  /** Hashes of the blocks completed so far, in order. */
  get blocks(): readonly string[] {
    return this.done;
  }

  /** Bytes covered by the completed blocks (the last one may be short once `finish` closed it). */
  bytesIn(blockCount: number, objectSize: number | null): number {
    const bytes = blockCount * this.blockBytes;
    return objectSize === null ? bytes : Math.min(bytes, objectSize);
  }

  /** Feeds the bytes that follow those hashed so far; true when at least one block was completed. */
  update(chunk: Buffer): boolean {
    let completed = false;
    let at = 0;
    while (at < chunk.length) {
      const take = Math.min(this.blockBytes - this.filled, chunk.length - at);
      this.current.update(chunk.subarray(at, at + take));
      this.filled += take;
      at += take;
      if (this.filled === this.blockBytes) {
        this.closeBlock();
        completed = true;
      }
    }
    return completed;
  }

  /** The object ended: its last, short block is complete too. */
  finish(): void {
    if (this.filled > 0) this.closeBlock();
  }

  /** Forgets every block after the first `blockCount`, and the bytes of an unfinished one. */
  rewind(blockCount: number): void {
    this.done.length = Math.min(blockCount, this.done.length);
    this.current = createHash('sha256');
    this.filled = 0;
  }

  private closeBlock(): void {
    this.done.push(this.current.digest('hex'));
    this.current = createHash('sha256');
    this.filled = 0;
  }
}
