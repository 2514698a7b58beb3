/** A window of the recording that Whisper reads in one pass (at most 30 s). */
export interface AudioChunk {
  startSec: number;
  endSec: number;
}

export interface ChunkPlanOptions {
  /** Seconds per RMS frame (the decoder measures 100 ms frames). */
  frameSec: number;
  maxChunkSec: number;
  /** A cut is searched for in the last `cutSearchSec` of a full window, at its quietest frame. */
  cutSearchSec: number;
}

const defaults: ChunkPlanOptions = { frameSec: 0.1, maxChunkSec: 30, cutSearchSec: 8 };

function percentile(values: Float32Array, fraction: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
}

/**
 * Cuts a recording into windows of at most 30 s, each ending at the quietest moment near its end (so
 * words are not split), and leaves out windows with nothing louder than the noise floor: Whisper
 * invents text ("Thank you.") for silence, so silence is never sent to it.
 */
export function planChunks(frameRms: Float32Array, options: Partial<ChunkPlanOptions> = {}): AudioChunk[] {
  const { frameSec, maxChunkSec, cutSearchSec } = { ...defaults, ...options };
  const frameCount = frameRms.length;
  if (frameCount === 0) return [];
  const maxFrames = Math.round(maxChunkSec / frameSec);
  const searchFrames = Math.round(cutSearchSec / frameSec);
  // Three times the noise floor, but never above half the typical loud level: a recording with no
  // pauses at all has a "floor" that is speech.
  const speechThreshold = Math.max(Math.min(3 * percentile(frameRms, 0.1), 0.5 * percentile(frameRms, 0.9)), 2e-4);

  const chunks: AudioChunk[] = [];
  let start = 0;
  while (start < frameCount) {
    let end = Math.min(frameCount, start + maxFrames);
    if (end < frameCount) {
      let quietest = end - 1;
      for (let frame = end - 1; frame >= end - searchFrames && frame > start; frame -= 1) {
        if ((frameRms[frame] ?? 0) < (frameRms[quietest] ?? 0)) quietest = frame;
      }
      end = quietest + 1;
    }
    let loudest = 0;
    for (let frame = start; frame < end; frame += 1) loudest = Math.max(loudest, frameRms[frame] ?? 0);
    if (loudest >= speechThreshold) chunks.push({ startSec: start * frameSec, endSec: end * frameSec });
    start = end;
  }
  return chunks;
}
