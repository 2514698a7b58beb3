// Types for tools/app-size.mjs (a plain Node script, like the other build tools).
export const budgetBytes: number;
export const targets: Record<'linux' | 'win' | 'mac', { os: string; arch: string }>;
export interface PackagedApp {
  resources: string;
  hasFfmpeg: boolean;
  windowsOnly: { files: string[]; bytes: number };
}
export function packageApp(
  target: 'linux' | 'win' | 'mac',
  outDir: string,
  options?: { ffmpegRoot?: string },
): Promise<PackagedApp>;
export function folderBytes(dir: string): number;
export interface AppSize {
  total: number;
  withoutModels: number;
  parts: Record<'app.asar' | 'app.asar.unpacked' | 'ffmpeg' | 'models', number>;
}
export function appSize(resources: string, windowsOnly?: { bytes: number }): AppSize;
