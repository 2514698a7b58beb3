import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where this process looks for shipped files: the folder of the running module, and Electron's resources. */
export interface ShippedLocations {
  moduleDir: string;
  /** process.resourcesPath in Electron (main and utility process); undefined under plain Node. */
  resourcesPath: string | undefined;
}

function currentLocations(): ShippedLocations {
  return {
    moduleDir: path.dirname(fileURLToPath(import.meta.url)),
    resourcesPath: 'resourcesPath' in process ? String(process.resourcesPath) : undefined,
  };
}

/**
 * The checkout this module runs from: the nearest folder above it with a package.json. Searched, not
 * counted: the sources (electron/core/…) and the esbuild bundles (dist-electron/worker/…) sit at
 * different depths. Inside a packaged app the nearest package.json is app.asar's own, which holds only
 * the code: that is no checkout (extraResources sit beside the archive, under resourcesPath).
 */
function checkoutRoot(moduleDir: string): string | null {
  for (let dir = moduleDir; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) {
      return dir.split(/[\\/]/).some((part) => part.endsWith('.asar')) ? null : dir;
    }
    if (path.dirname(dir) === dir) return null;
  }
}

/**
 * Where a folder the app ships may be, most specific first: in a checkout at `checkoutPath` (relative to
 * the repository root), in an installed app at `installedPath` under Electron's resources folder (where
 * electron-builder's extraResources put it).
 */
export function shippedFolderCandidates(
  checkoutPath: string,
  installedPath: string,
  where: ShippedLocations = currentLocations(),
): string[] {
  const root = checkoutRoot(where.moduleDir);
  return [
    ...(root === null ? [] : [path.join(root, checkoutPath)]),
    ...(where.resourcesPath === undefined ? [] : [path.join(where.resourcesPath, installedPath)]),
  ];
}

/** The first candidate holding `marker`; an error naming every place looked in otherwise. */
export function findShippedFolder(
  what: string,
  checkoutPath: string,
  installedPath: string,
  marker: string,
  where: ShippedLocations = currentLocations(),
): string {
  const candidates = shippedFolderCandidates(checkoutPath, installedPath, where);
  const found = candidates.find((candidate) => existsSync(path.join(candidate, marker)));
  if (found === undefined) throw new Error(`PC Worker's ${what} were not found (looked in ${candidates.join(', ')})`);
  return found;
}
