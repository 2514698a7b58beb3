import os from 'node:os';
import path from 'node:path';

/** The OS's per-user application-data folder for PC Worker. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = os.homedir();
  switch (process.platform) {
    case 'win32':
      return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'PC Worker');
    case 'darwin':
      return path.join(home, 'Library', 'Application Support', 'PC Worker');
    default:
      return path.join(env['XDG_DATA_HOME'] ?? path.join(home, '.local', 'share'), 'pc-worker');
  }
}

export function defaultTempDir(): string {
  return path.join(os.tmpdir(), 'pc-worker');
}
