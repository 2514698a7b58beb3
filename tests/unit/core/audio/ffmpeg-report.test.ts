import { describe, expect, it } from 'vitest';

import { parseFfmpegReport } from '../../../../electron/core/audio/ffmpeg-report.js';

const flacHeader = `Input #0, flac, from 'a.flac':
  Duration: 00:00:10.44, start: 0.000000, bitrate: 45 kb/s
  Stream #0:0: Audio: flac, 16000 Hz, mono, s16`;

describe('parseFfmpegReport', () => {
  it('reads the declared duration and the audio stream', () => {
    expect(parseFfmpegReport(flacHeader, 0)).toEqual({
      declaredDurationSec: 10.44,
      hasAudioStream: true,
      failure: null,
    });
  });

  it('explains bytes that are not audio', () => {
    const report = parseFfmpegReport('rnd.wav: Invalid data found when processing input', 1);
    expect(report.failure).toMatch(/not a recording .* not audio, or it is damaged/);
  });

  it('tells an MP4 cut before its index from random bytes that ffmpeg only guessed to be MP4', () => {
    const cut = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x55f9f1008880] moov atom not found
t.m4a: Invalid data found when processing input`;
    const random = `[mov,mp4,m4a,3gp,3g2,mj2 @ 0x5623acde9880] Format mov,mp4,m4a,3gp,3g2,mj2 detected only with low score of 1, misdetection possible!
${cut}`;
    expect(parseFfmpegReport(cut, 1).failure).toMatch(/incomplete: its index .* is missing/);
    expect(parseFfmpegReport(random, 1).failure).toMatch(/not a recording .* not audio, or it is damaged/);
  });

  it('explains a video without an audio track', () => {
    const stderr = `Input #0, mov,mp4, from 'v.mp4':
  Duration: 00:00:05.00, start: 0.000000
  Stream #0:0(und): Video: h264, yuv420p, 320x240
Stream map '0:a:0' matches no streams.`;
    expect(parseFfmpegReport(stderr, 1).failure).toBe('The file is a video without an audio track.');
  });
});
