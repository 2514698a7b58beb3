#!/usr/bin/env node
// Downloads the ffmpeg an installer ships into build/ffmpeg/<os>-<arch>/ (see build/ffmpeg-for-target.mjs).
// The binaries are ffmpeg-static's release builds (static, GPL; their LICENSE and README go beside them),
// from the same place and with the same overrides as ffmpeg-static's own install script:
// FFMPEG_BINARIES_URL (a mirror) and FFMPEG_BINARY_RELEASE (the release tag).
//
//   npm run fetch-ffmpeg                          # the build machine's OS and CPU
//   npm run fetch-ffmpeg -- --os mac --arch arm64 # os: win | mac | linux (electron-builder's names)
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

import { checkFfmpegForTarget } from '../build/ffmpeg-for-target.mjs';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const hostOs = { win32: 'win', darwin: 'mac', linux: 'linux' }[process.platform];
const { values } = parseArgs({
  options: { os: { type: 'string', default: hostOs }, arch: { type: 'string', default: process.arch } },
});
const { os, arch } = values;
const platform = { win: 'win32', mac: 'darwin', linux: 'linux' }[os];
if (platform === undefined) throw new Error(`--os must be win, mac or linux (not ${os})`);

const folder = path.join(root, 'build', 'ffmpeg', `${os}-${arch}`);
const binary = path.join(folder, os === 'win' ? 'ffmpeg.exe' : 'ffmpeg');
if (existsSync(binary)) {
  checkFfmpegForTarget({ os, arch, folder });
  console.log(`ffmpeg for ${os}-${arch} is there: ${binary}`);
  process.exit(0);
}

const release = process.env.FFMPEG_BINARY_RELEASE ?? 'b6.1.1'; // ffmpeg-static 5.3's binary-release-tag
const base = `${process.env.FFMPEG_BINARIES_URL ?? 'https://github.com/eugeneware/ffmpeg-static/releases/download'}/${release}`;

async function download(url) {
  let response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new Error(`Could not download ${url}: ${String(error.cause?.message ?? error.message)}`);
  }
  if (!response.ok) throw new Error(`Could not download ${url}: HTTP ${String(response.status)}`);
  return Buffer.from(await response.arrayBuffer());
}

const partial = `${folder}.partial`;
rmSync(partial, { recursive: true, force: true });
mkdirSync(partial, { recursive: true });
try {
  const name = path.basename(binary);
  writeFileSync(path.join(partial, name), gunzipSync(await download(`${base}/ffmpeg-${platform}-${arch}.gz`)));
  chmodSync(path.join(partial, name), 0o755);
  writeFileSync(path.join(partial, 'LICENSE'), await download(`${base}/${platform}-${arch}.LICENSE`));
  const readme = await download(`${base}/${platform}-${arch}.README`).catch(() => null); // how it was built
  if (readme !== null) writeFileSync(path.join(partial, 'README'), readme);
  checkFfmpegForTarget({ os, arch, folder: partial });
  rmSync(folder, { recursive: true, force: true });
  renameSync(partial, folder);
} catch (error) {
  rmSync(partial, { recursive: true, force: true });
  console.error(`fetch-ffmpeg: ${error.message}`);
  process.exit(1);
}
console.log(`ffmpeg ${release} for ${os}-${arch}: ${binary}`);
