import { deflateSync } from 'node:zlib';

/**
 * Whisper's own hallucination test: text that compresses too well (ratio above 2.4) is a repetition
 * loop ("the the the…", one sentence twenty times), not speech.
 */
export function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return 0;
  return bytes.length / deflateSync(bytes).length;
}

export function isRepetitionLoop(text: string, maxRatio = 2.4): boolean {
  return text.length >= 40 && compressionRatio(text) > maxRatio;
}
