// Types for build/ffmpeg-for-target.mjs (electron-builder loads the hook as plain JavaScript).
export interface ExecutableTarget {
  os: 'win' | 'mac' | 'linux';
  arch: string;
}
export function executableTarget(header: Buffer): ExecutableTarget | null;
export function checkFfmpegForTarget(target: { os: string; arch: string; folder: string }): string;
export function ffmpegFolderFor(
  config: { extraResources?: Array<{ from: string; to: string }> },
  projectDir: string,
  os: string,
  arch: string,
): string;
export default function beforePack(context: unknown): void;
