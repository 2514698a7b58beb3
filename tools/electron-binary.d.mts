// Types for tools/electron-binary.mjs.
export function missingElectronMessage(reason: string): string;
export function electronBinary(): { path: string; missing?: undefined } | { missing: string; path?: undefined };
