/**
 * `electron-builder --dir` on this checkout, as `npm run dist` would package it, and a look inside the
 * result. The Electron download cannot happen here, so electron-builder gets a stand-in Electron
 * folder (electronDist) holding one placeholder executable: everything else in the package is ours.
 */
import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { listPackage, statFile } from '@electron/asar';
import { load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { canaryClip } from '../../electron/core/asr/canary.js';
import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { sileroVadModel } from '../../electron/core/models/model-manifest.js';
import { trayIcons } from '../../electron/main/tray-icons.js';
import { buildRenderer, tempDir } from '../e2e/dashboard-harness.js';
import { repoDir } from '../support/shared-data.js';

const run = promisify(execFile);
const systemFfmpeg = realpathSync(execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim());

describe('the packaged app (electron-builder --dir, Linux x64)', () => {
  const temp = tempDir('pcw-package-');
  const resources = path.join(temp.dir, 'out', 'linux-unpacked', 'resources');
  const asar = path.join(resources, 'app.asar');
  let files: string[] = [];

  beforeAll(async () => {
    const electronDist = path.join(temp.dir, 'electron-dist');
    mkdirSync(electronDist);
    writeFileSync(path.join(electronDist, 'electron'), '#!/bin/sh\nexit 0\n');
    chmodSync(path.join(electronDist, 'electron'), 0o755);
    await buildRenderer();
    await run('npm', ['run', 'build:electron'], { cwd: repoDir });
    const builder = path.join(repoDir, 'node_modules', '.bin', 'electron-builder');
    // The stand-in executable has no fuse wire to flip: the same config without electronFuses.
    const config = load(readFileSync(path.join(repoDir, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    delete config['electronFuses'];
    // The installer's ffmpeg, staged where build/ffmpeg-for-target.mjs and extraResources look: the system
    // ffmpeg (a Linux x64 executable) stands for what `npm run fetch-ffmpeg` downloads.
    const ffmpegFolder = path.join(temp.dir, 'ffmpeg', 'linux-x64');
    mkdirSync(ffmpegFolder, { recursive: true });
    copyFileSync(systemFfmpeg, path.join(ffmpegFolder, 'ffmpeg'));
    writeFileSync(path.join(ffmpegFolder, 'LICENSE'), 'GNU GENERAL PUBLIC LICENSE\n');
    const ffmpegResource = (config['extraResources'] as Array<{ from: string; to: string }>).find(
      (entry) => entry.to === 'ffmpeg',
    );
    if (ffmpegResource === undefined) throw new Error('electron-builder.yml does not ship ffmpeg');
    ffmpegResource.from = path.join(temp.dir, 'ffmpeg', '${os}-${arch}');
    const configFile = path.join(temp.dir, 'electron-builder.json');
    writeFileSync(configFile, JSON.stringify(config));
    await run(
      builder,
      [
        '--config',
        configFile,
        '--dir',
        '--linux',
        '--x64',
        `-c.electronDist=${electronDist}`,
        // The prebuilt N-API binaries need no rebuild, and a rebuild would download Electron's headers.
        '-c.npmRebuild=false',
        `-c.directories.output=${path.join(temp.dir, 'out')}`,
      ],
      { cwd: repoDir, env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }, maxBuffer: 16 * 1024 * 1024 },
    );
    files = listPackage(asar, { isPack: false }).map((file) =>
      file
        .replace(/^[/\\]/, '')
        .split(path.sep)
        .join('/'),
    );
  }, 300_000);
  afterAll(() => temp.remove());

  it('holds the built main process, preload, worker and both pages', () => {
    for (const file of [
      'package.json',
      'dist-electron/main/index.js',
      'dist-electron/preload/index.cjs',
      'dist-electron/worker/entry.js',
      'dist/renderer/index.html',
      'dist/renderer/settings.html',
    ])
      expect(files, file).toContain(file);
    expect(files.some((file) => file.startsWith('electron/') || file.startsWith('tests/'))).toBe(false);
    expect(files.some((file) => file.startsWith('node_modules/electron/'))).toBe(false);
  });

  it('keeps onnxruntime, sharp and PGlite binaries outside the archive, where the OS can load them', () => {
    // onnxruntime-web's .wasm files are the browser runtime, never loaded here (Node uses onnxruntime-node).
    const native = files.filter(
      (file) =>
        /\.(node|so(\.\d+)*|dylib|dll)$/.test(file) || /^node_modules\/@electric-sql\/pglite\/.*\.wasm$/.test(file),
    );
    expect(native).toContain('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node');
    expect(native).toContain('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1');
    expect(native.some((file) => file.startsWith('node_modules/@img/sharp-linux-x64/'))).toBe(true);
    expect(native.some((file) => file.startsWith('node_modules/@electric-sql/pglite/'))).toBe(true);
    const isUnpacked = (file: string) => {
      const entry = statFile(asar, file);
      return 'unpacked' in entry && entry.unpacked;
    };
    const inside = native.filter((file) => !isUnpacked(file));
    expect(inside).toEqual([]);
    for (const file of native) expect(existsSync(path.join(`${asar}.unpacked`, file)), file).toBe(true);
  });

  it("ships the target's ffmpeg, not ffmpeg-static's, where the worker runs it", async () => {
    const ffmpeg = path.join(resources, 'ffmpeg', 'ffmpeg');
    expect(resolveFfmpegBinary({}, resources, 'linux')).toBe(ffmpeg);
    const { stdout } = await run(ffmpeg, ['-version']);
    expect(stdout).toMatch(/^ffmpeg version/);
    expect(existsSync(path.join(resources, 'ffmpeg', 'LICENSE'))).toBe(true);
    expect(files.filter((file) => file.startsWith('node_modules/ffmpeg-static'))).toEqual([]);
  });

  it('puts models, the canary sample, tray icons and migrations where the code looks for them', () => {
    // <resources>/models, <resources>/samples, <resources>/supabase: the process.resourcesPath
    // candidates of speakers/models/model-files.ts, whisper-model.ts / canary.ts and migrations-dir.ts.
    const expected = [
      'models/manifest.json',
      'models/campplus-zh-en/campplus_zh_en_16k.onnx',
      'models/pyannote-segmentation-3.0/segmentation-3.0.onnx',
      // score-normalisation.ts reads the voiceprint cohort beside the embedding model
      'models/cohort/campplus-zh-en.json',
      `models/${sileroVadModel.file.path}`,
      `samples/${canaryClip.file}`,
      'supabase/migrations',
      ...trayIcons.flatMap((icon) => [`icons/${icon}.png`, `icons/${icon}@2x.png`, `icons/${icon}Template@2x.png`]),
    ];
    expect(expected.filter((file) => !existsSync(path.join(resources, file)))).toEqual([]);
  });
});
