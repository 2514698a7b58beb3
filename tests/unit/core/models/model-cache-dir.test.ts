import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { modelWriteDir, userModelCacheDir } from '../../../../electron/core/models/model-cache-dir.js';

describe('where models are written', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-model-dir-'));
  const fallback = path.join(dir, 'user-cache');
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is the model folder when it can be written (made if missing)', async () => {
    expect(await modelWriteDir(path.join(dir, 'models'), fallback)).toBe(path.join(dir, 'models'));
    expect(await modelWriteDir(path.join(dir, 'new', 'models'), fallback)).toBe(path.join(dir, 'new', 'models'));
  });

  it("is the user's cache, not the data folder, when the model folder is read-only (as ../shared/models)", async () => {
    const shared = path.join(dir, 'shared-models');
    mkdirSync(shared);
    chmodSync(shared, 0o555);
    expect(await modelWriteDir(shared, fallback)).toBe(fallback);
    chmodSync(shared, 0o755);
  });

  it("follows each system's cache folder", () => {
    expect(userModelCacheDir({ XDG_CACHE_HOME: '/c' }, 'linux')).toBe(path.join('/c', 'pc-worker', 'models'));
    expect(userModelCacheDir({ LOCALAPPDATA: 'L' }, 'win32')).toBe(path.join('L', 'PC Worker', 'models'));
    expect(userModelCacheDir({}, 'darwin')).toMatch(/Library.Caches.PC Worker.models$/);
  });
});
