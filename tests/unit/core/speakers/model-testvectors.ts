import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** resources/models: the bundled speaker models and the PyTorch test vectors written beside them. */
export const speakerModelDir = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'resources',
  'models',
);

/** The parsed JSON; each test casts it to the fields it reads. */
export function readTestVector(name: string): unknown {
  return JSON.parse(readFileSync(path.join(speakerModelDir, 'testvectors', `${name}.json`), 'utf8'));
}

/** base64 int16 little-endian PCM → float samples in [-1, 1). */
export function int16Samples(base64: string, length = 0): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  const samples = new Float32Array(Math.max(length, bytes.length / 2));
  for (let i = 0; i < bytes.length / 2; i++) samples[i] = bytes.readInt16LE(2 * i) / 32_768;
  return samples;
}

export function float32Values(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}
