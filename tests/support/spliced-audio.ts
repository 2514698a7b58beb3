import { execFileSync } from 'node:child_process';

/**
 * Real clips joined with real silence by ffmpeg, as one 16 kHz mono WAV: each part is a clip's path
 * or a number of seconds of digital silence (anullsrc). For tests that need speech at a given place.
 */
export function spliceAudio(parts: readonly (string | number)[], outFile: string): void {
  const inputs = parts.flatMap((part) =>
    typeof part === 'number' ? ['-f', 'lavfi', '-t', String(part), '-i', 'anullsrc=r=16000:cl=mono'] : ['-i', part],
  );
  const resampled = parts.map(
    (_, index) => `[${String(index)}:a]aresample=16000,aformat=channel_layouts=mono[a${String(index)}]`,
  );
  const joined = `${parts.map((_, index) => `[a${String(index)}]`).join('')}concat=n=${String(parts.length)}:v=0:a=1`;
  execFileSync(process.env['FFMPEG_PATH'] ?? 'ffmpeg', [
    '-v',
    'error',
    '-y',
    ...inputs,
    '-filter_complex',
    `${resampled.join(';')};${joined}`,
    outFile,
  ]);
}
