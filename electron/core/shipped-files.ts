import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The checkout this module runs from: the nearest folder above it with a package.json. Searched, not
 * counted: the sources (electron/core/…) and the esbuild bundles (dist-electron/worker/…) sit at
 * different depths.
 */
function checkoutRoot(): string | null {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Where a folder the app ships may be, most specific first: in a checkout at `checkoutPath` (relative to
 * the repository root), in an installed app at `installedPath` under Electron's resources folder (where
 * electron-builder's extraResources put it).
 */
export function shippedFolderCandidates(checkoutPath: string, installedPath: string): string[] {
  const root = checkoutRoot();
  return [
    ...(root === null ? [] : [path.join(root, checkoutPath)]),
    ...('resourcesPath' in process ? [path.join(String(process.resourcesPath), installedPath)] : []),
  ];
}

/** The first candidate holding `marker`; an error naming every place looked in otherwise. */
export function findShippedFolder(what: string, checkoutPath: string, installedPath: string, marker: string): string {
  const candidates = shippedFolderCandidates(checkoutPath, installedPath);
  const found = candidates.find((candidate) => existsSync(path.join(candidate, marker)));
  if (found === undefined) throw new Error(`PC Worker's ${what} were not found (looked in ${candidates.join(', ')})`);
  return found;
}
