import { open } from 'node:fs/promises';

/**
 * What a file's own container bytes say about whether it arrived whole, for the two formats whose
 * truncation ffmpeg does not report: a WAV's data chunk declares its size, but ffmpeg estimates the
 * duration from the bytes present; an Ogg stream declares no total length at all (ffmpeg's duration is
 * the last page's granule position, which moves back with the cut), but a cut ends in a partial page.
 */
export type ContainerLength =
  | { format: 'wav'; declaredDataBytes: number; presentDataBytes: number }
  | { format: 'wav-unknown-length' }
  | { format: 'ogg'; lastPageCut: boolean }
  | { format: 'other' };

/** The data chunk is found within the first 64 KiB (fmt, LIST, bext… come before it). */
const headBytes = 64 * 1024;
/** The largest Ogg page: 27-byte header, 255 lacing values, 255 × 255 body bytes. */
const largestOggPage = 27 + 255 + 255 * 255;

/**
 * Data sizes a writer puts in the header when it cannot know the length (streaming to a pipe, or
 * killed before it could seek back): 0 and 0xFFFFFFFF (ffmpeg to a pipe), and the band just around
 * 2 GiB (SoX writes 0x7FFFF000, arecord 0x7FFFFF00 or 0x80000000). Such a file is judged by its bytes.
 */
function isUnknownLength(size: number): boolean {
  return size === 0 || size === 0xffff_ffff || (size >= 0x7fff_0000 && size <= 0x8000_0000);
}

/** Walks the RIFF chunks at the head of a WAV to its data chunk. */
export function wavDataLength(head: Buffer, fileSize: number): ContainerLength {
  if (head.length < 12 || head.toString('latin1', 0, 4) !== 'RIFF' || head.toString('latin1', 8, 12) !== 'WAVE') {
    return { format: 'other' };
  }
  let offset = 12;
  while (offset + 8 <= head.length) {
    const id = head.toString('latin1', offset, offset + 4);
    const size = head.readUInt32LE(offset + 4);
    if (id === 'data') {
      if (isUnknownLength(size)) return { format: 'wav-unknown-length' };
      return { format: 'wav', declaredDataBytes: size, presentDataBytes: fileSize - (offset + 8) };
    }
    // Chunks are padded to an even length.
    offset += 8 + size + (size % 2);
  }
  // No data chunk in the head (or a damaged chunk size): ffmpeg's own verdict stands.
  return { format: 'other' };
}

/**
 * Whether the last Ogg page in `tail` (the end of the file) is cut: its header, lacing table or body
 * runs past the end of the file. A complete last page without the end-of-stream flag is accepted: a
 * recorder stopped without finishing writes exactly that, and its audio is whole.
 */
export function oggLastPageCut(tail: Buffer): boolean {
  let at = tail.lastIndexOf('OggS', undefined, 'latin1');
  while (at >= 0) {
    const version = tail[at + 4];
    // A capture pattern inside payload bytes is no page header: keep looking further back.
    const inPayload = version !== undefined && (version !== 0 || (tail[at + 5] ?? 0) > 7);
    if (!inPayload) {
      const segments = tail[at + 26];
      if (segments === undefined || at + 27 + segments > tail.length) return true;
      let body = 0;
      for (let index = 0; index < segments; index++) body += tail[at + 27 + index] ?? 0;
      return at + 27 + segments + body > tail.length;
    }
    at = at === 0 ? -1 : tail.lastIndexOf('OggS', at - 1, 'latin1');
  }
  return false;
}

/** Reads the head (and, for Ogg, the tail) of a recording and says what its container claims. */
export async function readContainerLength(file: string, fileSize: number): Promise<ContainerLength> {
  const handle = await open(file, 'r');
  try {
    const head = Buffer.alloc(Math.min(fileSize, headBytes));
    await handle.read(head, 0, head.length, 0);
    if (head.toString('latin1', 0, 4) === 'OggS') {
      const tailLength = Math.min(fileSize, largestOggPage * 2);
      const tail = Buffer.alloc(tailLength);
      await handle.read(tail, 0, tailLength, fileSize - tailLength);
      return { format: 'ogg', lastPageCut: oggLastPageCut(tail) };
    }
    return wavDataLength(head, fileSize);
  } finally {
    await handle.close();
  }
}

/**
 * Why a decoded recording is not the whole file, or null. `ffmpegDeclaredSec` is the duration the
 * container declares as ffmpeg read it (MP3, FLAC, M4A headers); for a WAV the data chunk's size is
 * what the header promised, scaled by what the bytes present decoded to.
 */
export function truncationReason(
  container: ContainerLength,
  decodedSec: number,
  ffmpegDeclaredSec: number | null,
): string | null {
  if (container.format === 'ogg' && container.lastPageCut) {
    return `The recording is truncated: the file ends in the middle of an Ogg page, after ${decodedSec.toFixed(1)} s of audio. Use the complete file.`;
  }
  if (container.format === 'wav-unknown-length') return null;
  const declaredSec =
    container.format === 'wav'
      ? container.presentDataBytes > 0
        ? (decodedSec * container.declaredDataBytes) / container.presentDataBytes
        : null
      : ffmpegDeclaredSec;
  // A small shortfall is encoder padding or a rounded header; a cut in transit loses far more.
  if (declaredSec === null || declaredSec - decodedSec <= Math.max(1, declaredSec * 0.05)) return null;
  return `The recording is truncated: its header says ${formatLength(declaredSec)} but only ${decodedSec.toFixed(1)} s could be decoded. Use the complete file.`;
}

function formatLength(seconds: number): string {
  return seconds >= 3600 ? `${(seconds / 3600).toFixed(1)} h` : `${seconds.toFixed(1)} s`;
}
