import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { checkFfmpegForTarget, executableTarget, ffmpegFolderFor } from '../../../build/ffmpeg-for-target.mjs';
import { repoDir } from '../../support/shared-data.js';

const run = promisify(execFile);
const temp = mkdtempSync(path.join(tmpdir(), 'pcw-ffmpeg-target-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** The system ffmpeg (CI installs Debian's): a real Linux x64 executable. */
const systemFfmpeg = realpathSync(execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim());

function folderWith(name: string, file: string | Buffer): string {
  const folder = mkdtempSync(path.join(temp, 'target-'));
  if (typeof file === 'string') copyFileSync(file, path.join(folder, name));
  else writeFileSync(path.join(folder, name), file);
  return folder;
}

// Headers written by the formats' specifications, for the OSes that cannot run here: a PE file (DOS stub
// pointing at "PE\0\0", machine 0x8664 = x64) and a 64-bit Mach-O (magic 0xfeedfacf, CPU 0x0100000c = arm64).
const peX64 = Buffer.alloc(256);
peX64.write('MZ', 0, 'latin1');
peX64.writeUInt32LE(0x80, 0x3c);
peX64.write('PE\0\0', 0x80, 'latin1');
peX64.writeUInt16LE(0x8664, 0x84);
const machOArm64 = Buffer.alloc(64);
machOArm64.writeUInt32LE(0xfeedfacf, 0);
machOArm64.writeUInt32LE(0x0100000c, 4);

describe('the ffmpeg an installer ships', () => {
  it('reads the OS and CPU of an executable from its header', () => {
    expect(executableTarget(readFileSync(systemFfmpeg).subarray(0, 4096))).toEqual({ os: 'linux', arch: 'x64' });
    expect(executableTarget(peX64)).toEqual({ os: 'win', arch: 'x64' });
    expect(executableTarget(machOArm64)).toEqual({ os: 'mac', arch: 'arm64' });
    expect(executableTarget(Buffer.from('#!/bin/sh\nexec ffmpeg "$@"\n'))).toBeNull();
  });

  it('stops packaging when the target has no ffmpeg, saying how to fetch it', () => {
    const empty = mkdtempSync(path.join(temp, 'empty-'));
    expect(() => checkFfmpegForTarget({ os: 'mac', arch: 'arm64', folder: empty })).toThrow(
      `No ffmpeg for macOS arm64 at ${path.join(empty, 'ffmpeg')}: the installer would have none. Run \`npm run fetch-ffmpeg -- --os mac --arch arm64\``,
    );
  });

  it("stops packaging when the binary is built for another OS or CPU (the build machine's own)", () => {
    expect(() =>
      checkFfmpegForTarget({ os: 'mac', arch: 'arm64', folder: folderWith('ffmpeg', systemFfmpeg) }),
    ).toThrow('is built for Linux x64, not macOS arm64');
    expect(() =>
      checkFfmpegForTarget({ os: 'win', arch: 'x64', folder: folderWith('ffmpeg.exe', machOArm64) }),
    ).toThrow('is built for macOS arm64, not Windows x64');
  });

  it("accepts each target's own binary", () => {
    const linux = folderWith('ffmpeg', systemFfmpeg);
    expect(checkFfmpegForTarget({ os: 'linux', arch: 'x64', folder: linux })).toBe(path.join(linux, 'ffmpeg'));
    const win = folderWith('ffmpeg.exe', peX64);
    expect(checkFfmpegForTarget({ os: 'win', arch: 'x64', folder: win })).toBe(path.join(win, 'ffmpeg.exe'));
    const mac = folderWith('ffmpeg', machOArm64);
    expect(checkFfmpegForTarget({ os: 'mac', arch: 'arm64', folder: mac })).toBe(path.join(mac, 'ffmpeg'));
  });

  it("looks for it where electron-builder.yml's extraResources copies it from, per OS and architecture", () => {
    const config = load(readFileSync(path.join(repoDir, 'electron-builder.yml'), 'utf8')) as Parameters<
      typeof ffmpegFolderFor
    >[0];
    expect(ffmpegFolderFor(config, repoDir, 'mac', 'arm64')).toBe(path.join(repoDir, 'build', 'ffmpeg', 'mac-arm64'));
    expect(ffmpegFolderFor(config, repoDir, 'win', 'x64')).toBe(path.join(repoDir, 'build', 'ffmpeg', 'win-x64'));
  });
});

describe('npm run fetch-ffmpeg', () => {
  // A scratch project with the two scripts, and a server laid out like ffmpeg-static's GitHub releases.
  const project = path.join(temp, 'project');
  const requests: string[] = [];
  let server: Server;
  let base = '';
  beforeAll(async () => {
    for (const file of ['tools/fetch-ffmpeg.mjs', 'build/ffmpeg-for-target.mjs']) {
      mkdirSync(path.dirname(path.join(project, file)), { recursive: true });
      copyFileSync(path.join(repoDir, file), path.join(project, file));
    }
    const assets: Record<string, Buffer> = {
      '/b6.1.1/ffmpeg-linux-x64.gz': gzipSync(readFileSync(systemFfmpeg)),
      '/b6.1.1/linux-x64.LICENSE': Buffer.from('GNU GENERAL PUBLIC LICENSE\n'),
      '/b6.1.1/ffmpeg-darwin-arm64.gz': gzipSync(readFileSync(systemFfmpeg)),
      '/b6.1.1/darwin-arm64.LICENSE': Buffer.from('GNU GENERAL PUBLIC LICENSE\n'),
    };
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      const asset = assets[request.url ?? ''];
      response.writeHead(asset === undefined ? 404 : 200).end(asset);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${String((server.address() as AddressInfo).port)}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const fetchFfmpeg = (...args: string[]) =>
    run(process.execPath, [path.join(project, 'tools', 'fetch-ffmpeg.mjs'), ...args], {
      env: { ...process.env, FFMPEG_BINARIES_URL: base },
    });

  it("puts the target's binary and its licence in build/ffmpeg/<os>-<arch>, ready to run", async () => {
    await fetchFfmpeg('--os', 'linux', '--arch', 'x64');
    const binary = path.join(project, 'build', 'ffmpeg', 'linux-x64', 'ffmpeg');
    const { stdout } = await run(binary, ['-version']);
    expect(stdout).toMatch(/^ffmpeg version/);
    expect(readFileSync(path.join(project, 'build', 'ffmpeg', 'linux-x64', 'LICENSE'), 'utf8')).toContain('GNU');
    expect(requests).toContain('/b6.1.1/ffmpeg-linux-x64.gz');
  });

  it('refuses a download built for another target and leaves nothing behind', async () => {
    const failure = fetchFfmpeg('--os', 'mac', '--arch', 'arm64');
    await expect(failure).rejects.toThrow('is built for Linux x64, not macOS arm64');
    expect(execFileSync('ls', [path.join(project, 'build', 'ffmpeg')], { encoding: 'utf8' }).split('\n')).toEqual([
      'linux-x64',
      '',
    ]);
  });
});
