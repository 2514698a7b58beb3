import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { sampleRecording } from '../../support/shared-data.js';

/** What decoding a corpus file must end in: a usable recording, or a refusal whose reason matches. */
export type Expected = { processed: true; seconds?: number } | { processed: false; reason: RegExp };

export interface CorpusFile {
  name: string;
  file: string;
  expected: Expected;
}

function ffmpeg(ffmpegPath: string, args: string[]): void {
  execFileSync(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-y', ...args], { stdio: 'ignore' });
}

function truncate(file: string, fraction: number): void {
  const bytes = readFileSync(file);
  writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * fraction)));
}

/**
 * A WAV whose header claims nine hours of data over the clip's 10 s of bytes. These sizes are no
 * streaming writer's "length unknown" value (0, 0xFFFFFFFF, about 2 GiB), so the file is a real
 * recording cut off after 10 s: it must be refused as truncated, not passed off as a 10 s meeting.
 */
function hoursLongHeader(file: string): void {
  const bytes = readFileSync(file);
  const data = bytes.indexOf('data', 12, 'latin1');
  const claimed = 9 * 3600 * bytes.readUInt32LE(28); // nine hours at the header's own byte rate
  bytes.writeUInt32LE(data + claimed, 4);
  bytes.writeUInt32LE(claimed, data + 4);
  writeFileSync(file, bytes);
}

export const unreadable =
  /not a recording PC Worker can read|no audio track|without an audio track|incomplete|damaged|could not decode|no audio samples|empty|truncated/;

/**
 * The bad-input corpus, generated from the sample clip with ffmpeg each run (nothing hand-picked):
 * the outcome each file must have is written beside it.
 */
export function buildCorpus(ffmpegPath: string, dir: string): CorpusFile[] {
  const clip = sampleRecording.file;
  const at = (name: string) => path.join(dir, name);
  const files: CorpusFile[] = [];
  const add = (name: string, expected: Expected, make: (file: string) => void) => {
    make(at(name));
    files.push({ name, file: at(name), expected });
  };
  add('zero-length.wav', { processed: false, reason: /empty \(0 bytes\)/ }, (f) => writeFileSync(f, ''));
  for (const ext of ['wav', 'mp3', 'm4a', 'ogg', 'flac']) {
    add(`random-bytes.${ext}`, { processed: false, reason: unreadable }, (f) => writeFileSync(f, randomBytes(48_000)));
    // Cut at 40 %: what the container says it held (WAV data size, MP3/FLAC duration, the Ogg page
    // the cut runs through, the MP4 index written last) shows the loss.
    add(`truncated.${ext}`, { processed: false, reason: ext === 'm4a' ? /incomplete/ : /truncated/ }, (f) => {
      ffmpeg(ffmpegPath, ['-i', clip, f]);
      truncate(f, 0.4);
    });
  }
  add(
    'header-claims-hours.wav',
    { processed: false, reason: /truncated: its header says 9\.0 h but only 10\.4 s/ },
    (f) => {
      ffmpeg(ffmpegPath, ['-i', clip, f]);
      hoursLongHeader(f);
    },
  );
  // ffmpeg writing to a pipe leaves 0xFFFFFFFF sizes, as streaming recorders do: the bytes are the recording.
  add('streaming-header.wav', { processed: true, seconds: 10.4 }, (f) =>
    writeFileSync(f, execFileSync(ffmpegPath, ['-hide_banner', '-loglevel', 'error', '-i', clip, '-f', 'wav', '-'])),
  );
  const variants: Array<[string, string[]]> = [
    ['8-channels.wav', ['-ac', '8']],
    ['192khz.wav', ['-ar', '192000']],
    ['8khz.wav', ['-ar', '8000']],
    ['24-bit.wav', ['-c:a', 'pcm_s24le']],
    ['float.wav', ['-c:a', 'pcm_f32le']],
  ];
  for (const [name, args] of variants)
    add(name, { processed: true, seconds: 10.4 }, (f) => ffmpeg(ffmpegPath, ['-i', clip, ...args, f]));
  add('one-hour-silence.flac', { processed: false, reason: /silent/ }, (f) =>
    ffmpeg(ffmpegPath, ['-f', 'lavfi', '-i', 'anullsrc=r=8000:cl=mono', '-t', '3600', '-c:a', 'flac', f]),
  );
  add('pure-noise.wav', { processed: true, seconds: 10 }, (f) =>
    ffmpeg(ffmpegPath, ['-f', 'lavfi', '-i', 'anoisesrc=d=10:c=white:r=16000:a=0.3', f]),
  );
  add('video-with-audio.mp4', { processed: true, seconds: 10.4 }, (f) =>
    ffmpeg(ffmpegPath, [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=160x120:rate=10',
      '-i',
      clip,
      '-shortest',
      '-c:v',
      'mpeg4',
      '-c:a',
      'aac',
      f,
    ]),
  );
  add('video-without-audio.mp4', { processed: false, reason: unreadable }, (f) =>
    ffmpeg(ffmpegPath, ['-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '3', '-c:v', 'mpeg4', f]),
  );
  return files;
}
