import path from 'node:path';

import type { TrayIcon } from './ports.js';

export const trayIcons: readonly TrayIcon[] = ['idle', 'working', 'paused', 'error'];

/**
 * The file the tray loads for a state (resources/icons, drawn by build/make-icons.mjs): `<state>.png`
 * in colour on Windows and Linux, `<state>Template.png` (black and alpha, which macOS tints for a
 * light or dark menu bar) on macOS. Electron picks the `@2x` file beside either on HiDPI screens.
 */
export function trayIconFile(iconsDir: string, icon: TrayIcon, platform: NodeJS.Platform): string {
  return path.join(iconsDir, platform === 'darwin' ? `${icon}Template.png` : `${icon}.png`);
}
