import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  oggLastPageCut,
  readContainerLength,
  truncationReason,
  wavDataLength,
} from '../../../../electron/core/audio/container-length.js';
import { resolveFfmpegBinary } from '../../../../electron/core/audio/ffmpeg-binary.js';
import { sampleRecording } from '../../../support/shared-data.js';

/** Containers written by real ffmpeg from the 10.4 s sample clip, then cut the way an upload is cut. */
const ffmpeg = resolveFfmpegBinary();
let dir = '';
let wav: Buffer = Buffer.alloc(0);
let ogg: Buffer = Buffer.alloc(0);

const encode = (name: string, args: string[] = []): Buffer => {
  const file = path.join(dir, name);
  execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', sampleRecording.file, ...args, file]);
  return readFileSync(file);
};

/** Byte offsets where each Ogg page ends, walked from the start of the stream. */
function oggPageEnds(bytes: Buffer): number[] {
  const ends: number[] = [];
  for (let at = 0; at + 27 <= bytes.length;) {
    const segments = bytes[at + 26] ?? 0;
    let body = 0;
    for (let index = 0; index < segments; index++) body += bytes[at + 27 + index] ?? 0;
    at += 27 + segments + body;
    ends.push(at);
  }
  return ends;
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-container-length-'));
  wav = encode('clip.wav');
  ogg = encode('clip.ogg');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('WAV data chunk', () => {
  it('finds a whole file whole, and a cut one short by exactly the missing bytes', () => {
    const whole = wavDataLength(wav.subarray(0, 65_536), wav.length);
    expect(whole.format).toBe('wav');
    if (whole.format !== 'wav') return;
    expect(whole.presentDataBytes).toBe(whole.declaredDataBytes);
    expect(truncationReason(whole, 10.4, null)).toBeNull();

    const cut = Math.floor(wav.length * 0.4);
    const truncated = wavDataLength(wav.subarray(0, 65_536), cut);
    expect(truncated).toMatchObject({ declaredDataBytes: whole.declaredDataBytes });
    expect(truncationReason(truncated, 4.2, null)).toMatch(/header says 10\.\d s but only 4\.2 s could be decoded/);
  });

  it('takes the sizes a streaming writer leaves (0, 0xFFFFFFFF, about 2 GiB) as "length unknown"', () => {
    // Real ffmpeg writing to a pipe cannot seek back to fill the sizes in.
    const piped = execFileSync(
      ffmpeg,
      ['-hide_banner', '-loglevel', 'error', '-i', sampleRecording.file, '-f', 'wav', '-'],
      {
        maxBuffer: 8 << 20,
      },
    );
    expect(wavDataLength(piped, piped.length)).toEqual({ format: 'wav-unknown-length' });
    for (const placeholder of [0, 0x7fff_f000, 0x8000_0000]) {
      const edited = Buffer.from(wav);
      edited.writeUInt32LE(placeholder, edited.indexOf('data', 12, 'latin1') + 4);
      expect(wavDataLength(edited, edited.length), placeholder.toString(16)).toEqual({ format: 'wav-unknown-length' });
    }
  });

  it('reports a header that claims nine hours over 10 s of bytes in hours', () => {
    const edited = Buffer.from(wav);
    edited.writeUInt32LE(9 * 3600 * 32_000, edited.indexOf('data', 12, 'latin1') + 4);
    const claim = wavDataLength(edited, edited.length);
    expect(truncationReason(claim, 10.4, 10.4)).toMatch(/header says 9\.0 h but only 10\.4 s/);
  });

  it('accepts chunks after the data chunk, and leaves files that are not RIFF/WAVE to ffmpeg', () => {
    const withTrailer = Buffer.concat([wav, Buffer.from('LIST\u0004\u0000\u0000\u0000INFO', 'latin1')]);
    expect(truncationReason(wavDataLength(withTrailer, withTrailer.length), 10.4, null)).toBeNull();
    expect(wavDataLength(Buffer.from('RIFX0000WAVE'), 12)).toEqual({ format: 'other' });
  });
});

describe('Ogg last page', () => {
  it('finds a whole stream complete and a stream cut mid-page cut', () => {
    expect(oggLastPageCut(ogg)).toBe(false);
    const ends = oggPageEnds(ogg);
    expect(ends.at(-1)).toBe(ogg.length);
    const midPage = Math.floor(ogg.length * 0.4);
    expect(ends).not.toContain(midPage);
    expect(oggLastPageCut(ogg.subarray(0, midPage))).toBe(true);
    expect(oggLastPageCut(ogg.subarray(0, midPage - 5_000))).toBe(true);
  });

  it('accepts a stream that ends on a page boundary without its end-of-stream page (a recorder stopped short)', () => {
    const ends = oggPageEnds(ogg);
    const boundary = ends[Math.floor(ends.length / 2)] ?? 0;
    expect(oggLastPageCut(ogg.subarray(0, boundary))).toBe(false);
  });

  it('reads the tail of a cut Ogg file from disk and names the cut', async () => {
    const file = path.join(dir, 'cut.ogg');
    writeFileSync(file, ogg.subarray(0, Math.floor(ogg.length * 0.4)));
    const container = await readContainerLength(file, statSync(file).size);
    expect(container).toEqual({ format: 'ogg', lastPageCut: true });
    expect(truncationReason(container, 3.0, 3.0)).toMatch(/ends in the middle of an Ogg page, after 3\.0 s/);
  });
});

describe('other containers', () => {
  it('judges FLAC, MP3 and M4A by the duration their header declares to ffmpeg', async () => {
    const file = path.join(dir, 'clip.flac');
    encode('clip.flac');
    const container = await readContainerLength(file, statSync(file).size);
    expect(container).toEqual({ format: 'other' });
    expect(truncationReason(container, 10.4, 10.44)).toBeNull();
    expect(truncationReason(container, 3.8, 10.4)).toMatch(/header says 10\.4 s but only 3\.8 s/);
    // Encoder padding and rounded headers: a shortfall under max(1 s, 5 %) is not a cut.
    expect(truncationReason(container, 9.6, 10.4)).toBeNull();
  });
});
