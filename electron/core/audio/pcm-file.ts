import { open } from 'node:fs/promises';

export const sampleRate = 16_000;
const bytesPerSample = 4;

/**
 * 16 kHz mono float32 samples on disk. Stages read the windows they need instead of holding a whole
 * (possibly hours long) recording in memory several times.
 */
export interface PcmFile {
  path: string;
  sampleCount: number;
  durationSec: number;
}

export async function readPcmWindow(pcm: PcmFile, startSample: number, sampleCount: number): Promise<Float32Array> {
  const start = Math.max(0, Math.min(startSample, pcm.sampleCount));
  const count = Math.max(0, Math.min(sampleCount, pcm.sampleCount - start));
  const samples = new Float32Array(count);
  if (count === 0) return samples;
  const handle = await open(pcm.path, 'r');
  try {
    await handle.read(new Uint8Array(samples.buffer), 0, count * bytesPerSample, start * bytesPerSample);
  } finally {
    await handle.close();
  }
  return samples;
}
