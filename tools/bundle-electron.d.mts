// Types for tools/bundle-electron.mjs (run by `npm run build:electron`).
export const runtimePackages: string[];
export const entries: Array<{ in: string; out: string; format: 'esm' | 'cjs' }>;
export function bundleElectron(options?: { meta?: boolean }): Promise<{
  inputs: Record<string, unknown>;
  outputs: Record<string, { bytes: number; imports?: Array<{ path: string; external?: boolean }> }>;
}>;
