import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** Electron's resources folder (process.resourcesPath); undefined under plain Node. */
const electronResources = 'resourcesPath' in process ? String(process.resourcesPath) : undefined;

/**
 * Which ffmpeg to run: FFMPEG_PATH; else the installer's own (<resources>/ffmpeg, put there per platform
 * and architecture by electron-builder.yml); else ffmpeg-static (an optional dependency whose binary
 * download may be skipped); else `ffmpeg` from the PATH.
 */
export function resolveFfmpegBinary(
  env: NodeJS.ProcessEnv = process.env,
  resourcesPath: string | undefined = electronResources,
  platform: NodeJS.Platform = process.platform,
): string {
  const explicit = env['FFMPEG_PATH'];
  if (explicit !== undefined && explicit !== '') return explicit;
  if (resourcesPath !== undefined) {
    const shipped = path.join(resourcesPath, 'ffmpeg', platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');
    if (existsSync(shipped)) return shipped;
  }
  try {
    const bundled = createRequire(import.meta.url)('ffmpeg-static') as unknown;
    if (typeof bundled === 'string' && existsSync(bundled)) return bundled;
  } catch {
    // ffmpeg-static is optional: not installed (or its download failed) means "use the system one".
  }
  return 'ffmpeg';
}
