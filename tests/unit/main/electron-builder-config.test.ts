import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

import { canaryClip } from '../../../electron/core/asr/canary.js';
import { sileroVadModel } from '../../../electron/core/models/model-manifest.js';
import { trayIcons } from '../../../electron/main/tray-icons.js';
import { repoDir } from '../../support/shared-data.js';

interface ExtraResource {
  from: string;
  to: string;
  filter: string[];
}
interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraResources: ExtraResource[];
  directories: { buildResources: string };
  win: { icon: string; target: Array<{ target: string; arch: string[] }> };
  nsis: { oneClick: boolean; perMachine: boolean; allowElevation: boolean };
  mac: {
    hardenedRuntime: boolean;
    entitlements: string;
    entitlementsInherit: string;
    icon: string;
    target: Array<{ target: string; arch: string[] }>;
  };
  linux: { target: string[]; icon: string };
  electronFuses: Record<string, boolean>;
}

const config = load(readFileSync(path.join(repoDir, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** Binaries the OS loads or runs itself; they cannot be read from inside an asar archive. */
const nativeFile = /\.(node|so(\.\d+)*|dylib|dll|exe)$|\/ffmpeg(\.exe)?$/;

/** Whether `files` lets a file into the app (its `!` patterns take files out). */
const packed = (file: string) =>
  !config.files.some((pattern) => pattern.startsWith('!') && minimatch(file, pattern.slice(1), { dot: true }));

/** Installed packages that ship with the app: the lock file's non-dev entries (electron-builder packs the same). */
function productionPackages(): string[] {
  const lock = JSON.parse(readFileSync(path.join(repoDir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  return Object.entries(lock.packages)
    .filter(([where, entry]) => where.startsWith('node_modules/') && entry.dev !== true)
    .map(([where]) => where)
    .filter((where) => packed(`${where}/package.json`))
    .filter((where) => existsSync(path.join(repoDir, where)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(repoDir, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(repoDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

const unpacked = (file: string) => config.asarUnpack.some((pattern) => minimatch(file, pattern, { dot: true }));

/** Whether an extra resource entry copies `file` (repository-relative) into the app's resources. */
const shipped = (file: string) =>
  config.extraResources.some(
    (entry) =>
      file.startsWith(`${entry.from}/`) &&
      entry.filter.some((pattern) => minimatch(file.slice(entry.from.length + 1), pattern)),
  );

function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

// `electron-builder --dir` itself runs in tests/integration/packaged-layout.test.ts (with a stand-in
// Electron folder, as the Electron download cannot happen here); this checks the config in a second.
describe('installer configuration', () => {
  it('unpacks every native binary of the production dependencies from the asar', () => {
    const packages = productionPackages();
    expect(packages).toContain('node_modules/onnxruntime-node');
    const native = packages.flatMap((where) => filesUnder(where).filter((file) => nativeFile.test(file)));
    expect(native.some((file) => file.endsWith('onnxruntime_binding.node'))).toBe(true);
    expect(native.filter((file) => !unpacked(file))).toEqual([]);
  });

  it('unpacks the binaries of packages installed only on other platforms or when downloaded', () => {
    for (const file of [
      'node_modules/onnxruntime-node/bin/napi-v6/win32/x64/DirectML.dll',
      'node_modules/onnxruntime-node/bin/napi-v6/darwin/arm64/libonnxruntime.1.dylib',
      'node_modules/@electric-sql/pglite/dist/pglite.wasm',
    ])
      expect(unpacked(file), file).toBe(true);
  });

  it('ships the bundled models, the canary sample, the tray icons and the migrations as resources', () => {
    const manifest = JSON.parse(readFileSync(path.join(repoDir, 'resources', 'models', 'manifest.json'), 'utf8')) as {
      models: Array<{ file: string }>;
    };
    const required = [
      ...manifest.models.map((model) => `resources/models/${model.file}`),
      `resources/models/${sileroVadModel.file.path}`,
      'resources/models/LICENSES.md',
      `resources/samples/${canaryClip.file}`,
      ...trayIcons.flatMap((icon) =>
        ['', '@2x', 'Template', 'Template@2x'].map((variant) => `resources/icons/${icon}${variant}.png`),
      ),
      ...filesUnder('supabase/migrations'),
    ];
    expect(required.filter((file) => !existsSync(path.join(repoDir, file)))).toEqual([]);
    expect(required.filter((file) => !shipped(file))).toEqual([]);
    // The core looks for them in <resources>/models, <resources>/samples and <resources>/supabase.
    expect(config.extraResources.map((entry) => `${entry.from} → ${entry.to}`)).toEqual([
      'supabase → supabase',
      'resources → .',
      // The target's ffmpeg (build/ffmpeg-for-target.mjs checks it is there and built for the target).
      'build/ffmpeg/${os}-${arch} → ffmpeg',
    ]);
    expect(packed('node_modules/ffmpeg-static/ffmpeg')).toBe(false);
  });

  it('has the app icon in build/, large enough for the macOS and Windows conversions', () => {
    expect(config.directories.buildResources).toBe('build');
    for (const icon of new Set([config.win.icon, config.mac.icon, config.linux.icon])) {
      const { width, height } = pngSize(path.join(repoDir, icon));
      expect(width).toBe(height);
      expect(width).toBeGreaterThanOrEqual(512);
    }
  });

  it('builds macOS only for the CPU onnxruntime-node ships a binary for, with the hardened runtime', () => {
    const darwinBinaries = readdirSync(path.join(repoDir, 'node_modules/onnxruntime-node/bin/napi-v6/darwin'));
    expect(config.mac.target.flatMap((target) => target.arch)).toEqual(darwinBinaries);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.entitlementsInherit).toBe(config.mac.entitlements);
    // Which entitlements: tests/unit/build/signing.test.ts (JIT only).
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
  });
});
