import { findShippedFolder } from '../shipped-files.js';

/**
 * The repository's `supabase/` folder: beside the sources in a checkout, under the app's resources in
 * an installed build (electron-builder copies it there as an extra resource).
 */
export function defaultSupabaseDir(): string {
  return findShippedFolder('SQL migrations', 'supabase', 'supabase', 'migrations');
}
