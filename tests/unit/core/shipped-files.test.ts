/**
 * Shipped files found one way in a checkout and in an installed app. The installed layout is built in a
 * temp folder as electron-builder lays it out: <resources>/app.asar (a folder here; Electron's fs reads the
 * archive the same way) holding package.json and the bundles, extraResources beside it. The real package
 * is checked by tests/integration/packaged-layout.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { canaryClip, canaryClipPath } from '../../../electron/core/asr/canary.js';
import { findShippedFolder, shippedFolderCandidates } from '../../../electron/core/shipped-files.js';
import { repoDir } from '../../support/shared-data.js';

describe('shipped files', () => {
  let temp = '';
  let resources = '';
  let packaged = { moduleDir: '', resourcesPath: '' };
  const touch = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  };

  beforeEach(() => {
    temp = mkdtempSync(path.join(os.tmpdir(), 'pcw-shipped-'));
    resources = path.join(temp, 'PC Worker', 'resources');
    touch(path.join(resources, 'app.asar', 'package.json'));
    touch(path.join(resources, 'app.asar', 'dist-electron', 'worker', 'entry.js'));
    touch(path.join(resources, 'samples', canaryClip.file));
    touch(path.join(resources, 'models', 'manifest.json'));
    packaged = { moduleDir: path.join(resources, 'app.asar', 'dist-electron', 'worker'), resourcesPath: resources };
  });
  afterEach(() => rmSync(temp, { recursive: true, force: true }));

  it('finds the GPU canary clip beside app.asar in an installed app, not inside the archive', () => {
    expect(canaryClipPath(packaged)).toBe(path.join(resources, 'samples', canaryClip.file));
    expect(shippedFolderCandidates(path.join('resources', 'models'), 'models', packaged)).toEqual([
      path.join(resources, 'models'),
    ]);
  });

  it('finds them in the checkout when run from source, whatever the module’s depth', () => {
    const fromSource = { moduleDir: path.join(repoDir, 'electron', 'core', 'asr'), resourcesPath: undefined };
    const fromBundle = { moduleDir: path.join(repoDir, 'dist-electron', 'worker'), resourcesPath: undefined };
    const clip = path.join(repoDir, 'resources', 'samples', canaryClip.file);
    expect(canaryClipPath(fromSource)).toBe(clip);
    expect(canaryClipPath(fromBundle)).toBe(clip);
  });

  it('names every place it looked in when a shipped folder is missing', () => {
    rmSync(path.join(resources, 'samples'), { recursive: true });
    expect(() => canaryClipPath(packaged)).toThrow(
      `PC Worker's sample recordings were not found (looked in ${path.join(resources, 'samples')})`,
    );
    expect(findShippedFolder('speaker models', 'resources/models', 'models', 'manifest.json', packaged)).toBe(
      path.join(resources, 'models'),
    );
  });
});
