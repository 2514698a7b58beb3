#!/usr/bin/env node
/**
 * Where the Electron binary is, or why it is not there: `npm run dev` and `npm run test:electron` need it,
 * and its download (from GitHub, by tools/fetch-binaries.mjs) fails on machines that reach only the npm
 * registry. Run as a script it exits 1 with the reason when the binary is missing.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const repoDir = path.resolve(import.meta.dirname, '..');

export const missingElectronMessage = (reason) =>
  `PC Worker: the Electron binary is missing (${reason}), so the desktop app cannot start here.\n` +
  '  Its download from GitHub failed or was skipped at npm ci. On a machine that reaches GitHub run\n' +
  '  `npm run fetch-binaries`, then this command again. The CLI, the headless dashboard and `npm test`\n' +
  '  need no Electron binary.';

/** { path } of the installed Electron executable, or { missing } with the reason. */
export function electronBinary() {
  let executable;
  try {
    // node_modules/electron/index.js answers the executable's path, or throws when dist/ is absent.
    executable = createRequire(path.join(repoDir, 'package.json'))('electron');
  } catch (error) {
    return { missing: `node_modules/electron has no dist/: ${error.message}` };
  }
  if (typeof executable !== 'string' || !existsSync(executable)) {
    return { missing: `${String(executable)} does not exist` };
  }
  return { path: executable };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const found = electronBinary();
  if (found.missing !== undefined) {
    console.error(missingElectronMessage(found.missing));
    process.exit(1);
  }
}
