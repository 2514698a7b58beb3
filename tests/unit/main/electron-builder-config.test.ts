import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { load } from 'js-yaml';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';

import { repoDir } from '../../support/shared-data.js';

interface BuilderConfig {
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string }>;
  nsis: { oneClick: boolean; perMachine: boolean };
  mac: { hardenedRuntime: boolean; entitlements: string; target: Array<{ target: string; arch: string[] }> };
}

const config = load(readFileSync(path.join(repoDir, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(repoDir, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(repoDir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
}

// The Electron download cannot happen here, so `electron-builder --dir` cannot run: check the config instead.
describe('installer configuration', () => {
  it('unpacks every native onnxruntime binary and the PGlite wasm from the asar', () => {
    const native = [
      ...filesUnder('node_modules/onnxruntime-node/bin'),
      ...filesUnder('node_modules/@electric-sql/pglite/dist'),
    ].filter((file) => /\.(node|so(\.\d+)*|dylib|dll|wasm|data)$/.test(file));
    expect(native.length).toBeGreaterThan(2);
    const unmatched = native.filter((file) => !config.asarUnpack.some((pattern) => minimatch(file, pattern)));
    expect(unmatched).toEqual([]);
    expect(config.asarUnpack.some((pattern) => minimatch('node_modules/ffmpeg-static/ffmpeg.exe', pattern))).toBe(true);
  });

  it('ships the migrations and the tray icons as extra resources', () => {
    expect(config.extraResources.map((entry) => entry.from)).toEqual(['supabase', 'resources']);
    for (const icon of ['idle', 'working', 'paused', 'error']) {
      for (const variant of ['', '@2x', 'Template', 'Template@2x'])
        expect(existsSync(path.join(repoDir, 'resources', 'icons', `${icon}${variant}.png`))).toBe(true);
    }
  });

  it('installs per user on Windows and signs macOS builds for both CPUs with the JIT entitlement', () => {
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: false });
    expect(config.mac.target).toEqual([{ target: 'dmg', arch: ['arm64', 'x64'] }]);
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(readFileSync(path.join(repoDir, config.mac.entitlements), 'utf8')).toContain(
      'com.apple.security.cs.allow-jit',
    );
  });
});
