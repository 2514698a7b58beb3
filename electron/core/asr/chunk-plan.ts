import type { SpeechRegion } from '../audio/vad-regions.js';

/** A window of the recording that Whisper reads in one pass (at most 30 s). */
export interface AudioChunk {
  startSec: number;
  endSec: number;
}

export interface ChunkPlanOptions {
  /** Seconds per speech-probability frame. */
  frameSec: number;
  maxChunkSec: number;
  /** Speech regions closer than this share a window (one encoder pass reads 30 s whatever it holds). */
  maxGapSec: number;
  /** A region longer than a window is cut at its least speech-like frame in this last stretch of the window. */
  cutSearchSec: number;
}

const defaults: ChunkPlanOptions = { frameSec: 0.032, maxChunkSec: 30, maxGapSec: 3, cutSearchSec: 10 };

/** The frame with the lowest speech probability in [fromSec, toSec): the best place to cut. */
function quietestCut(probabilities: Float32Array, fromSec: number, toSec: number, frameSec: number): number {
  let best = Math.floor(toSec / frameSec);
  let bestProbability = Infinity;
  for (let frame = Math.floor(toSec / frameSec) - 1; frame >= Math.ceil(fromSec / frameSec); frame -= 1) {
    const probability = probabilities[frame] ?? 0;
    if (probability < bestProbability) {
      bestProbability = probability;
      best = frame;
    }
  }
  return best * frameSec;
}

/**
 * Packs the VAD's speech regions into windows of at most 30 s: neighbouring regions share a window
 * (fewer, fuller windows cost less), a long gap starts a new one, and a region longer than a window
 * is cut where speech is least likely. Audio outside every region is never sent to Whisper, which
 * invents text ("Thank you.") for silence.
 */
export function planChunks(
  regions: readonly SpeechRegion[],
  probabilities: Float32Array,
  options: Partial<ChunkPlanOptions> = {},
): AudioChunk[] {
  const { frameSec, maxChunkSec, maxGapSec, cutSearchSec } = { ...defaults, ...options };
  const chunks: AudioChunk[] = [];
  let current: AudioChunk | null = null;
  for (const region of regions) {
    if (
      current !== null &&
      region.startSec - current.endSec <= maxGapSec &&
      region.endSec - current.startSec <= maxChunkSec
    ) {
      current.endSec = region.endSec;
      continue;
    }
    if (current !== null) chunks.push(current);
    let startSec = region.startSec;
    while (region.endSec - startSec > maxChunkSec) {
      const windowEnd = startSec + maxChunkSec;
      const cut = quietestCut(probabilities, Math.max(startSec + 1, windowEnd - cutSearchSec), windowEnd, frameSec);
      chunks.push({ startSec, endSec: cut });
      startSec = cut;
    }
    current = { startSec, endSec: region.endSec };
  }
  if (current !== null) chunks.push(current);
  return chunks;
}
