#!/usr/bin/env node
/**
 * `npm run size`: packages the app with `electron-builder --dir` for each installer's platform (the config
 * of electron-builder.yml, the bundles of tools/bundle-electron.mjs) and prints its unpacked size, with and
 * without the bundled models. Budget: the app without models under 250 MB.
 *
 * Electron itself is not counted: its download cannot happen on every build machine (it cannot here), so
 * electron-builder gets a stand-in Electron folder (electronDist) with placeholder executables, and what
 * is measured is what we put into the package: resources/ (app.asar, app.asar.unpacked, ffmpeg, models,
 * icons, migrations). The target's ffmpeg is counted when `npm run fetch-ffmpeg` has put it in
 * build/ffmpeg/<os>-<arch>; otherwise the line says it is missing.
 *
 *   npm run size                      every installer target
 *   npm run size -- --target linux    one (linux | win | mac)
 */
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { listPackage } from '@electron/asar';
import { load } from 'js-yaml';
import { minimatch } from 'minimatch';

const run = promisify(execFile);
const repoDir = path.resolve(import.meta.dirname, '..');

export const budgetBytes = 250 * 1024 * 1024;

/** The installers electron-builder.yml builds (one CPU each). */
export const targets = {
  linux: { os: 'linux', arch: 'x64' },
  win: { os: 'win', arch: 'x64' },
  mac: { os: 'mac', arch: 'arm64' },
};

/** A placeholder where electron-builder expects Electron's prebuilt Linux files. */
function standInElectron(dir) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
}

/**
 * electron-builder --dir for one target into `outDir`; returns the resources folder. `ffmpegRoot` replaces
 * build/ffmpeg (tests stage one there); without a target ffmpeg, packaging goes on without it.
 *
 * Windows and macOS packages cannot be made on Linux without their Electron (electron-builder reads the
 * stand-in's PE header for the asar integrity, and fetches macOS tools from GitHub), so they are packed as a
 * Linux --dir build whose `files` patterns get that target's platform and arch, shipping its ffmpeg: the app's
 * contents as electron-builder itself selects them for the target (our JavaScript is the same on every
 * platform; the native binaries differ and are chosen by those patterns).
 */
export async function packageApp(target, outDir, { ffmpegRoot = path.join(repoDir, 'build', 'ffmpeg') } = {}) {
  const { os: targetOs, arch } = targets[target];
  const electronDist = path.join(outDir, 'electron-dist');
  standInElectron(electronDist);
  const config = load(readFileSync(path.join(repoDir, 'electron-builder.yml'), 'utf8'));
  // The stand-in executable has no fuse wire to flip.
  delete config.electronFuses;
  // The target's own values for the platform macros of `files` (electron-builder would put Linux's).
  const platform = { linux: 'linux', win: 'win32', mac: 'darwin' }[targetOs];
  config.files = config.files.map((pattern) =>
    pattern.replaceAll('${platform}', platform).replaceAll('${arch}', arch).replaceAll('${os}', targetOs),
  );
  const ffmpegDir = path.join(ffmpegRoot, `${targetOs}-${arch}`);
  const hasFfmpeg = ['ffmpeg', 'ffmpeg.exe'].some((name) => existsSync(path.join(ffmpegDir, name)));
  const ffmpegEntry = config.extraResources.find((entry) => entry.to === 'ffmpeg');
  if (hasFfmpeg) ffmpegEntry.from = ffmpegDir;
  else config.extraResources = config.extraResources.filter((entry) => entry !== ffmpegEntry);
  // build/ffmpeg-for-target.mjs stops packaging without the target's ffmpeg (here only a size is wanted),
  // and checks it against the packed platform (Linux here), so it would refuse another target's right
  // binary; tests/integration/packaged-layout.test.ts runs it for Linux.
  if (target !== 'linux' || !hasFfmpeg) delete config.beforePack;
  const configFile = path.join(outDir, 'electron-builder.json');
  writeFileSync(configFile, JSON.stringify(config));
  await run(
    path.join(repoDir, 'node_modules', '.bin', 'electron-builder'),
    [
      '--config',
      configFile,
      '--dir',
      '--linux',
      '--x64',
      `-c.electronDist=${electronDist}`,
      // The prebuilt N-API binaries need no rebuild, and a rebuild would download Electron's headers.
      '-c.npmRebuild=false',
      `-c.directories.output=${path.join(outDir, 'out')}`,
    ],
    {
      cwd: repoDir,
      env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' },
      maxBuffer: 16 * 1024 * 1024,
    },
  );
  const resources = path.join(outDir, 'out', 'linux-unpacked', 'resources');
  const windowsOnly = target === 'win' ? windowsLibraries(resources, config.files) : { files: [], bytes: 0 };
  return { resources, hasFfmpeg, windowsOnly };
}

/**
 * electron-builder leaves every .dll and .exe of node_modules out of a package for another OS than Windows
 * (app-builder-lib appFileCopier.ts, getNodeModuleExcludedExts): the Windows build keeps those of the
 * packed packages that its `files` patterns let through (onnxruntime's, DirectML's).
 */
function windowsLibraries(resources, patterns) {
  const packages = new Set(
    listPackage(path.join(resources, 'app.asar'), { isPack: false })
      .map((file) => file.replace(/^[/\\]/, '').split(path.sep))
      .filter((parts) => parts[0] === 'node_modules' && parts.length > 2)
      .map((parts) => parts.slice(0, parts[1].startsWith('@') ? 3 : 2).join('/')),
  );
  const excluded = patterns.filter((pattern) => pattern.startsWith('!')).map((pattern) => pattern.slice(1));
  const files = [...packages].flatMap((where) =>
    readdirSync(path.join(repoDir, where), { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile() && /\.(dll|exe)$/i.test(entry.name))
      .map((entry) => path.relative(repoDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
      .filter((file) => !excluded.some((pattern) => minimatch(file, pattern, { dot: true }))),
  );
  return { files, bytes: files.reduce((sum, file) => sum + statSync(path.join(repoDir, file)).size, 0) };
}

export function folderBytes(dir) {
  if (!existsSync(dir)) return 0;
  let total = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) total += statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

/** What we ship in one target's package, in bytes: everything, and everything but the models. */
export function appSize(resources, windowsOnly = { bytes: 0 }) {
  const total = folderBytes(resources) + windowsOnly.bytes;
  const models = folderBytes(path.join(resources, 'models'));
  return {
    total,
    withoutModels: total - models,
    parts: {
      'app.asar': statSync(path.join(resources, 'app.asar')).size,
      'app.asar.unpacked': folderBytes(path.join(resources, 'app.asar.unpacked')) + windowsOnly.bytes,
      ffmpeg: folderBytes(path.join(resources, 'ffmpeg')),
      models,
    },
  };
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const which = process.argv.includes('--target')
    ? [process.argv[process.argv.indexOf('--target') + 1]]
    : Object.keys(targets);
  const unknown = which.filter((target) => !(target in targets));
  if (unknown.length > 0) throw new Error(`Unknown target ${unknown.join(', ')} (linux, win or mac)`);
  await run(process.execPath, [path.join(repoDir, 'tools', 'bundle-electron.mjs')], { cwd: repoDir });
  if (!existsSync(path.join(repoDir, 'dist', 'renderer', 'index.html'))) {
    await run(
      process.execPath,
      [path.join(repoDir, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'],
      {
        cwd: repoDir,
      },
    );
  }
  let over = false;
  for (const target of which) {
    const dir = mkdtempSync(path.join(os.tmpdir(), `pcw-size-${target}-`));
    try {
      const { resources, hasFfmpeg, windowsOnly } = await packageApp(target, dir);
      const size = appSize(resources, windowsOnly);
      const parts = Object.entries(size.parts)
        .map(([name, bytes]) => `${name} ${mb(bytes)}`)
        .join(', ');
      const { os: targetOs, arch } = targets[target];
      const note = hasFfmpeg
        ? ''
        : ` (no ffmpeg in build/ffmpeg/${targetOs}-${arch}: not counted; npm run fetch-ffmpeg)`;
      const how = target === 'linux' ? '' : ' (its files as the config selects them, packed on Linux)';
      const verdict = size.withoutModels <= budgetBytes ? 'within' : 'OVER';
      over ||= size.withoutModels > budgetBytes;
      console.log(
        `${target}-${arch}${how}: ${mb(size.withoutModels)} without models, ${verdict} the ${mb(budgetBytes)} budget; ${mb(size.total)} with them [${parts}]${note}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('Electron itself is not counted (a stand-in replaces its download).');
  if (over) process.exitCode = 1;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
