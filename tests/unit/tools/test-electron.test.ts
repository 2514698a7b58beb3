import { spawnSync } from 'node:child_process';

import { describe, expect, it } from 'vitest';

import { electronBinary } from '../../../tools/electron-binary.mjs';
import { repoDir } from '../../support/shared-data.js';

// The development machines cannot download Electron, so here the smoke test must stop at once and say why.
describe.runIf(electronBinary().missing !== undefined)('npm run test:electron without the Electron binary', () => {
  it('stops before building anything, says the binary is missing and how to get it, and exits 1', () => {
    const started = Date.now();
    const run = spawnSync('npm', ['run', '--silent', 'test:electron'], { cwd: repoDir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^PC Worker: the Electron binary is missing \(/);
    expect(run.stderr).toMatch(/npm run fetch-binaries/);
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('npm run dev says the same instead of failing deep inside electron', () => {
    const run = spawnSync('npm', ['run', '--silent', 'dev'], { cwd: repoDir, encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^PC Worker: the Electron binary is missing/);
  });
});
