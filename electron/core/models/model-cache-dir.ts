import { access, constants, mkdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** The OS's per-user cache folder for PC Worker's models: one for every data folder of this user. */
export function userModelCacheDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  const home = os.homedir();
  switch (platform) {
    case 'win32':
      return path.join(env['LOCALAPPDATA'] ?? path.join(home, 'AppData', 'Local'), 'PC Worker', 'models');
    case 'darwin':
      return path.join(home, 'Library', 'Caches', 'PC Worker', 'models');
    default:
      return path.join(env['XDG_CACHE_HOME'] ?? path.join(home, '.cache'), 'pc-worker', 'models');
  }
}

/**
 * A folder PC Worker may write into: it exists (or could be made), this user may write it, and it is not
 * marked read-only (no write bit at all, as a shared model folder handed out read-only; root ignores
 * the bits, so they are read as the owner's intent).
 */
async function writable(dir: string): Promise<boolean> {
  try {
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return ((await stat(dir)).mode & 0o222) !== 0;
  } catch {
    return false;
  }
}

/**
 * Where models are written (downloads, the float-activation copy): the model folder (MODEL_CACHE_DIR,
 * by default `<data dir>/models`) when it can be written, else the user's model cache. Never a data
 * folder the user did not choose: a read-only MODEL_CACHE_DIR must not leave a copy in every data folder.
 */
export async function modelWriteDir(modelCacheDir: string, fallback = userModelCacheDir()): Promise<string> {
  return (await writable(modelCacheDir)) ? modelCacheDir : fallback;
}
