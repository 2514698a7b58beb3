/**
 * The renderer built once for every test that serves the dashboard. `npm test` runs two lanes side by
 * side, and a rebuild empties dist/renderer while a worker in the other lane may be serving it, so a
 * build is made only when it is missing or older than a file it is built from, and marked complete by a
 * stamp written after Vite has finished (Vite empties the folder first, so the stamp also goes first).
 * `npm run test:lanes` builds before either lane starts; a single test file after a renderer edit
 * rebuilds by itself.
 */
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { build } from 'vite';

import { repoDir } from '../support/shared-data.js';

const outDir = path.join(repoDir, 'dist', 'renderer');
const stamp = path.join(outDir, '.complete');
const sources = ['renderer', path.join('electron', 'contract'), 'vite.config.ts', 'package-lock.json'];

/** The newest modification time under `entry` (a file or a folder), in ms. */
function newestChange(entry: string): number {
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(entry).reduce(
    (newest, name) => Math.max(newest, newestChange(path.join(entry, name))),
    stats.mtimeMs,
  );
}

function buildIsCurrent(): boolean {
  if (!existsSync(stamp)) return false;
  const built = statSync(stamp).mtimeMs;
  return sources.every((source) => newestChange(path.join(repoDir, source)) <= built);
}

/** Builds dist/renderer unless a complete build newer than its sources is there. */
export async function buildRenderer(): Promise<void> {
  if (buildIsCurrent()) return;
  await build({ configFile: path.join(repoDir, 'vite.config.ts'), logLevel: 'warn' });
  writeFileSync(stamp, new Date().toISOString());
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  await buildRenderer();
}
