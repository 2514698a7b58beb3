import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's `supabase/` folder: beside the sources in a checkout, under the app's resources in
 * an installed build (electron-builder copies it there as an extra resource).
 */
export function defaultSupabaseDir(): string {
  const candidates = [
    path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'supabase'),
    ...('resourcesPath' in process ? [path.join(String(process.resourcesPath), 'supabase')] : []),
  ];
  const found = candidates.find((candidate) => existsSync(path.join(candidate, 'migrations')));
  if (found === undefined)
    throw new Error(`PC Worker's SQL migrations were not found (looked in ${candidates.join(', ')})`);
  return found;
}
