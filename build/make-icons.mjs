// Regenerates the tray icons (resources/icons) and the app icon (build/icon.png): `node build/make-icons.mjs`.
// Colour icons for Windows/Linux; *Template icons (black + alpha, mark cut out) for the macOS menu bar.
// A tiny PNG encoder (RGBA, zlib) so no image tool is needed; shapes are drawn with 4x4 supersampling.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const root = path.resolve(import.meta.dirname, '..');

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (bytes) => (bytes.reduce((c, b) => crcTable[(c ^ b) & 0xff] ^ (c >>> 8), 0xffffffff) ^ 0xffffffff) >>> 0;

function chunk(type, data) {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(body.length + 8);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), body.length + 4);
  return out;
}

function encodePng(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rows.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Marks in a 16-unit grid: [x0, y0, x1, y1] rectangles, or a small dot. */
const marks = {
  idle: [[6.5, 6.5, 9.5, 9.5]],
  working: [
    [4, 7, 5, 9],
    [6, 5, 7, 11],
    [8, 3, 9, 13],
    [10, 5, 11, 11],
    [12, 7, 13, 9],
  ],
  paused: [
    [5, 4, 7, 12],
    [9, 4, 11, 12],
  ],
  error: [
    [7, 3, 9, 10],
    [7, 11, 9, 13],
  ],
};
const colours = { idle: [107, 114, 128], working: [37, 99, 235], paused: [217, 119, 6], error: [220, 38, 38] };

function draw(size, name, template) {
  const rgba = new Uint8Array(size * size * 4);
  const unit = size / 16;
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let disc = 0;
      let mark = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / unit;
          const v = (y + (sy + 0.5) / samples) / unit;
          if ((u - 8) ** 2 + (v - 8) ** 2 > 7 ** 2) continue;
          disc++;
          if (marks[name].some(([x0, y0, x1, y1]) => u >= x0 && u <= x1 && v >= y0 && v <= y1)) mark++;
        }
      }
      const n = samples * samples;
      const i = (y * size + x) * 4;
      if (template) {
        rgba.set([0, 0, 0, Math.round(((disc - mark) / n) * 255)], i);
      } else {
        const [r, g, b] = colours[name];
        const white = disc === 0 ? 0 : mark / disc;
        rgba.set([r + (255 - r) * white, g + (255 - g) * white, b + (255 - b) * white].map(Math.round), i);
        rgba[i + 3] = Math.round((disc / n) * 255);
      }
    }
  }
  return encodePng(size, rgba);
}

const iconsDir = path.join(root, 'resources', 'icons');
mkdirSync(iconsDir, { recursive: true });
for (const name of Object.keys(marks)) {
  for (const [suffix, size] of [
    ['', 16],
    ['@2x', 32],
  ]) {
    writeFileSync(path.join(iconsDir, `${name}${suffix}.png`), draw(size, name, false));
    writeFileSync(path.join(iconsDir, `${name}Template${suffix}.png`), draw(size, name, true));
  }
}
writeFileSync(path.join(root, 'build', 'icon.png'), draw(512, 'working', false));
