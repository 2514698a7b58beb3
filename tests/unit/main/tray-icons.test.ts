import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';

import { describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../../electron/contract/events.js';
import { trayIconFile, trayIcons } from '../../../electron/main/tray-icons.js';
import { applyTrayEvent, initialTrayState, trayModel } from '../../../electron/main/tray-state.js';
import { repoDir } from '../../support/shared-data.js';

const iconsDir = path.join(repoDir, 'resources', 'icons');

/** Width, height and RGBA pixels of the PNGs build/make-icons.mjs writes (8-bit RGBA, filter 0 rows). */
function readPng(file: string): { width: number; height: number; pixels: Buffer } {
  const bytes = readFileSync(file);
  const width = bytes.readUInt32BE(16);
  const height = bytes.readUInt32BE(20);
  expect([bytes[24], bytes[25]]).toEqual([8, 6]);
  const data: Buffer[] = [];
  for (let offset = 8; offset < bytes.length;) {
    const length = bytes.readUInt32BE(offset);
    if (bytes.toString('ascii', offset + 4, offset + 8) === 'IDAT')
      data.push(bytes.subarray(offset + 8, offset + 8 + length));
    offset += length + 12;
  }
  const rows = inflateSync(Buffer.concat(data));
  const pixels = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    expect(rows[y * (width * 4 + 1)]).toBe(0);
    rows.copy(pixels, y * width * 4, y * (width * 4 + 1) + 1, (y + 1) * (width * 4 + 1));
  }
  return { width, height, pixels };
}

const at2x = (file: string) => file.replace(/\.png$/, '@2x.png');

describe('tray icons', () => {
  it('has a 16 px icon and its 32 px @2x twin for every state, in colour and as a macOS template', () => {
    for (const icon of trayIcons) {
      for (const platform of ['win32', 'linux', 'darwin'] as const) {
        const file = trayIconFile(iconsDir, icon, platform);
        expect(existsSync(file), file).toBe(true);
        expect(readPng(file)).toMatchObject({ width: 16, height: 16 });
        expect(readPng(at2x(file))).toMatchObject({ width: 32, height: 32 });
      }
    }
  });

  it('uses black-and-alpha template images on macOS and distinct colour images elsewhere', () => {
    const colours = new Set<string>();
    for (const icon of trayIcons) {
      const template = readPng(trayIconFile(iconsDir, icon, 'darwin')).pixels;
      for (let i = 0; i < template.length; i += 4)
        expect([template[i], template[i + 1], template[i + 2]]).toEqual([0, 0, 0]);
      expect(path.basename(trayIconFile(iconsDir, icon, 'win32'))).toBe(`${icon}.png`);
      colours.add(readPng(trayIconFile(iconsDir, icon, 'linux')).pixels.toString('hex'));
    }
    expect(colours.size).toBe(trayIcons.length);
  });

  it('shows the working, paused and error icons for those worker states', () => {
    const iconFor = (events: WorkerEvent[]) =>
      trayModel(events.reduce(applyTrayEvent, initialTrayState), { startAtLogin: false }).icon;
    expect(iconFor([])).toBe('idle');
    expect(iconFor([{ type: 'worker-state', state: 'working' }])).toBe('working');
    expect(iconFor([{ type: 'worker-state', state: 'paused' }])).toBe('paused');
    expect(iconFor([{ type: 'worker-state', state: 'error', detail: 'crashed' }])).toBe('error');
    expect(iconFor([{ type: 'worker-state', state: 'stopped' }])).toBe('error');
  });
});
