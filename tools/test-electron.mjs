#!/usr/bin/env node
/**
 * `npm run test:electron`: the desktop app's smoke test (tests/electron/app-smoke.electron.ts) with
 * Playwright's Electron driver, on the unpacked build (`npm run dist -- --dir`). It needs the real Electron
 * binary; without it, it stops at once with the reason and exit code 1. Not part of `npm test`.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { electronBinary, missingElectronMessage } from './electron-binary.mjs';

const repoDir = path.resolve(import.meta.dirname, '..');
const found = electronBinary();
if (found.missing !== undefined) {
  console.error(missingElectronMessage(found.missing));
  process.exit(1);
}
const step = (command, args) => {
  const result = spawnSync(command, args, { cwd: repoDir, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
// Playwright drives Electron's main process through the Node inspector, which the packaged fuses switch
// off; this build keeps every other fuse and setting of electron-builder.yml.
step(process.execPath, [
  path.join(repoDir, 'tools', 'dist.mjs'),
  '--dir',
  '-c.electronFuses.enableNodeCliInspectArguments=true',
  '-c.directories.output=release/electron-smoke',
]);
step(path.join(repoDir, 'node_modules', '.bin', 'vitest'), [
  'run',
  '--config',
  'tests/electron/vitest.electron.config.ts',
]);
