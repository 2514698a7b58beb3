import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Which ffmpeg to run: the one installers ship (ffmpeg-static, an optional dependency whose binary
 * download may be skipped), else FFMPEG_PATH, else `ffmpeg` from the PATH.
 */
export function resolveFfmpegBinary(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env['FFMPEG_PATH'];
  if (explicit !== undefined && explicit !== '') return explicit;
  try {
    const bundled = createRequire(import.meta.url)('ffmpeg-static') as unknown;
    if (typeof bundled === 'string' && existsSync(bundled)) return bundled.replace('app.asar', 'app.asar.unpacked');
  } catch {
    // ffmpeg-static is optional: not installed (or its download failed) means "use the system one".
  }
  return 'ffmpeg';
}
