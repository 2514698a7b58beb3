import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { resolveFfmpegBinary } from '../../../../electron/core/audio/ffmpeg-binary.js';

// An installed app's resources folder, as electron-builder.yml lays it out (<resources>/ffmpeg/ffmpeg[.exe]).
const resources = mkdtempSync(path.join(tmpdir(), 'pcw-resources-'));
mkdirSync(path.join(resources, 'ffmpeg'));
writeFileSync(path.join(resources, 'ffmpeg', 'ffmpeg'), '');
writeFileSync(path.join(resources, 'ffmpeg', 'ffmpeg.exe'), '');
afterAll(() => rmSync(resources, { recursive: true, force: true }));

describe('which ffmpeg runs', () => {
  it("runs the installer's own ffmpeg in a packaged app, with Windows' file name on Windows", () => {
    expect(resolveFfmpegBinary({}, resources, 'darwin')).toBe(path.join(resources, 'ffmpeg', 'ffmpeg'));
    expect(resolveFfmpegBinary({}, resources, 'win32')).toBe(path.join(resources, 'ffmpeg', 'ffmpeg.exe'));
  });

  it('prefers FFMPEG_PATH, and outside an app falls back to the system ffmpeg when ffmpeg-static has none', () => {
    expect(resolveFfmpegBinary({ FFMPEG_PATH: '/opt/ffmpeg' }, resources)).toBe('/opt/ffmpeg');
    const empty = mkdtempSync(path.join(tmpdir(), 'pcw-resources-'));
    expect(['ffmpeg', expect.stringContaining('ffmpeg-static')]).toContainEqual(resolveFfmpegBinary({}, empty));
    expect(['ffmpeg', expect.stringContaining('ffmpeg-static')]).toContainEqual(resolveFfmpegBinary({}, undefined));
    rmSync(empty, { recursive: true });
  });
});
