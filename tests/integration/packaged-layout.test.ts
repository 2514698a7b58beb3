/**
 * `electron-builder --dir` on this checkout, as `npm run dist` would package it for Linux x64 (with
 * tools/app-size.mjs, the code behind `npm run size`), and a look inside the result. The Electron download
 * cannot happen here, so electron-builder gets a stand-in Electron folder (electronDist) holding one
 * placeholder executable: everything else in the package is ours. The packaged worker bundle then runs
 * under plain Node with what Electron gives a utility process (tests/support/electron-parent-port.mjs).
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

import { extractAll, listPackage, statFile } from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../electron/contract/events.js';
import { workerToMainSchema, type WorkerCommand } from '../../electron/contract/worker-protocol.js';
import { canaryClip } from '../../electron/core/asr/canary.js';
import { errorRate } from '../../electron/core/asr/text-normalizer.js';
import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { sileroVadModel } from '../../electron/core/models/model-manifest.js';
import { trayIcons } from '../../electron/main/tray-icons.js';
import { appSize, budgetBytes, packageApp } from '../../tools/app-size.mjs';
import { buildRenderer, tempDir } from '../e2e/dashboard-harness.js';
import { offlineSettings } from '../support/offline-settings.js';
import { repoDir, sampleRecording, sharedModelsDir } from '../support/shared-data.js';

const run = promisify(execFile);
const systemFfmpeg = realpathSync(execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim());

describe('the packaged app (electron-builder --dir, Linux x64)', () => {
  const temp = tempDir('pcw-package-');
  let resources = '';
  let asar = '';
  let files: string[] = [];

  beforeAll(async () => {
    await buildRenderer();
    await run('npm', ['run', 'build:electron'], { cwd: repoDir });
    // The installer's ffmpeg, staged where build/ffmpeg-for-target.mjs and extraResources look: the system
    // ffmpeg (a Linux x64 executable) stands for what `npm run fetch-ffmpeg` downloads.
    const ffmpegFolder = path.join(temp.dir, 'ffmpeg', 'linux-x64');
    mkdirSync(ffmpegFolder, { recursive: true });
    copyFileSync(systemFfmpeg, path.join(ffmpegFolder, 'ffmpeg'));
    writeFileSync(path.join(ffmpegFolder, 'LICENSE'), 'GNU GENERAL PUBLIC LICENSE\n');
    const packaged = await packageApp('linux', temp.dir, { ffmpegRoot: path.join(temp.dir, 'ffmpeg') });
    expect(packaged.hasFfmpeg).toBe(true);
    resources = packaged.resources;
    asar = path.join(resources, 'app.asar');
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

  it('keeps onnxruntime and PGlite binaries outside the archive, where the OS can load them', () => {
    // onnxruntime-web's .wasm files are the browser runtime, never loaded here (Node uses onnxruntime-node).
    const native = files.filter(
      (file) =>
        /\.(node|so(\.\d+)*|dylib|dll)$/.test(file) || /^node_modules\/@electric-sql\/pglite\/.*\.wasm$/.test(file),
    );
    expect(native).toContain('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/onnxruntime_binding.node');
    expect(native).toContain('node_modules/onnxruntime-node/bin/napi-v6/linux/x64/libonnxruntime.so.1');
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

  it('stays within the size budget and carries only what the bundles need', () => {
    const size = appSize(resources);
    expect(size.withoutModels).toBeLessThan(budgetBytes);
    // Bundled into dist-electron (or never needed there): no copy in the app's node_modules.
    const packages = new Set(files.filter((file) => /^node_modules\/[^/]+$/.test(file)));
    for (const bundled of ['react', 'react-dom', 'zustand', 'tsx', 'esbuild', 'zod', 'winston', 'sharp'])
      expect(packages, bundled).not.toContain(`node_modules/${bundled}`);
    for (const bundled of ['onnxruntime-web', '@huggingface', '@supabase', '@img', '@tanstack'])
      expect(
        files.some((file) => file.startsWith(`node_modules/${bundled}`)),
        bundled,
      ).toBe(false);
    expect(files.some((file) => file.startsWith('dist-electron/cli'))).toBe(false);
    // onnxruntime-node ships every OS and CPU (~288 MB); Linux x64 keeps its own.
    const onnxBinaries = new Set(
      files
        .filter((file) => file.startsWith('node_modules/onnxruntime-node/bin/napi-v6/'))
        .map((file) => file.split('/').slice(4, 6).join('/'))
        .filter((platform) => platform.includes('/')),
    );
    expect([...onnxBinaries]).toEqual(['linux/x64']);
  });

  it('runs the packaged worker bundle: it answers init at once and transcribes the sample', async () => {
    // The packaged app.asar, extracted to a folder of the same name (shipped-files.ts treats a path
    // through *.asar as an installed app, so everything is looked for under process.resourcesPath).
    const app = path.join(temp.dir, 'extracted', 'app.asar');
    extractAll(asar, app);
    const child = spawn(
      process.execPath,
      [
        '--import',
        path.join(repoDir, 'tests', 'support', 'electron-parent-port.mjs'),
        path.join(app, 'dist-electron', 'worker', 'entry.js'),
      ],
      {
        cwd: temp.dir,
        env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: temp.dir, PCW_RESOURCES_PATH: resources },
        stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
        serialization: 'advanced',
      },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const events: WorkerEvent[] = [];
    const replies = new Map<number, (value: { ok: boolean; value?: unknown; error?: unknown }) => void>();
    let hello: () => void = () => undefined;
    const helloSeen = new Promise<void>((resolve) => (hello = resolve));
    child.on('message', (raw) => {
      const message = workerToMainSchema.parse(raw);
      if (message.kind === 'hello') hello();
      if (message.kind === 'event') events.push(message.event);
      if (message.kind === 'response') replies.get(message.id)?.(message);
    });
    let nextId = 1;
    const request = (command: WorkerCommand) =>
      new Promise<{ ok: boolean; value?: unknown; error?: unknown }>((resolve) => {
        const id = nextId++;
        replies.set(id, resolve);
        child.send({ kind: 'request', id, command });
      });
    try {
      const settings = offlineSettings(path.join(temp.dir, 'worker'), {
        modelCacheDir: sharedModelsDir,
        pollingIntervalSeconds: 1,
      });
      await helloSeen; // as the supervisor does: the worker says hello, then gets init
      const started = Date.now();
      expect(await request({ type: 'init', settings }), stderr).toMatchObject({ ok: true });
      expect(Date.now() - started).toBeLessThan(30_000);
      const added = await request({
        type: 'add-recordings',
        paths: [sampleRecording.file],
        options: { language: 'en' },
      });
      expect(added, stderr).toMatchObject({ ok: true });
      const deadline = Date.now() + 180_000;
      while (!events.some((event) => event.type === 'meeting-finished') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 250));
      const finished = events.find((event) => event.type === 'meeting-finished');
      expect(finished, stderr).toMatchObject({ outcome: 'completed' });
      const text = events.flatMap((event) => (event.type === 'meeting-segment' ? [event.segment.text] : [])).join(' ');
      expect(errorRate(sampleRecording.reference, text, 'en')).toBeLessThanOrEqual(0.2);
      expect(await request({ type: 'shutdown' })).toMatchObject({ ok: true });
    } finally {
      child.kill();
    }
  }, 240_000);

  it('runs the CLI bundle with only the packaged dependencies: it adds the sample and lists it', async () => {
    // A server install: the CLI bundle beside package.json, resources/ and supabase/, and node_modules
    // holding exactly what electron-builder packed (the app's production dependencies), nothing else.
    // The bundle evaluates every module it holds at start (transformers.js loading onnxruntime-node
    // included); the transcription itself is the worker test's above.
    const server = path.join(temp.dir, 'server');
    mkdirSync(path.join(server, 'dist-electron', 'cli'), { recursive: true });
    const cli = path.join(server, 'dist-electron', 'cli', 'pc-worker.js');
    copyFileSync(path.join(repoDir, 'dist-electron', 'cli', 'pc-worker.js'), cli);
    copyFileSync(path.join(repoDir, 'package.json'), path.join(server, 'package.json'));
    cpSync(path.join(temp.dir, 'extracted', 'app.asar', 'node_modules'), path.join(server, 'node_modules'), {
      recursive: true,
    });
    for (const folder of ['resources', 'supabase']) symlinkSync(path.join(repoDir, folder), path.join(server, folder));
    const env = {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      HOME: temp.dir,
      PC_WORKER_DATA_DIR: path.join(temp.dir, 'cli-data'),
      AUDIO_TEMP_DIR: path.join(temp.dir, 'cli-temp'),
      ALLOW_REMOTE_MODELS: 'false',
    };
    const added = await run(process.execPath, [cli, 'enqueue', sampleRecording.file, '--title', 'Bundled'], {
      cwd: temp.dir,
      env,
    });
    const meetingId = added.stdout.trim();
    expect(meetingId).toMatch(/^[0-9a-f-]{36}$/);
    const listed = await run(process.execPath, [cli, 'list'], { cwd: temp.dir, env });
    expect(listed.stdout).toMatch(new RegExp(`${meetingId}.*pending.*Bundled`));
  }, 120_000);
});
