import { chunkStepFrames, type ChunkSpeakers } from './chunk-scan.js';
import { localSpeakers, segmentationFrameSamples } from './segmentation.js';

/** Who talks in each segmentation frame (16.875 ms) of the whole recording. */
export interface SpeakerActivity {
  frameCount: number;
  speakerCount: number;
  /** `active[frame * speakerCount + speaker]` is 1 while that speaker talks. */
  active: Uint8Array;
}

/** Frames near a chunk's edges see little context, so the chunk centre counts most (pyannote too). */
function hammingWeights(length: number): Float32Array {
  return Float32Array.from({ length }, (_, i) => 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (length - 1)));
}

export function recordingFrameCount(sampleCount: number): number {
  return Math.max(1, Math.ceil(sampleCount / segmentationFrameSamples));
}

interface Accumulator {
  score: Float32Array;
  count: Float32Array;
  weight: Float32Array;
}

function accumulate(
  acc: Accumulator,
  chunk: ChunkSpeakers,
  mapping: readonly (number | null)[],
  speakerCount: number,
): void {
  const frames = chunk.activity.frameCount;
  const weights = hammingWeights(frames);
  const offset = chunk.index * chunkStepFrames;
  for (let i = 0; i < frames && offset + i < acc.weight.length; i++) {
    const g = offset + i;
    const w = weights[i] ?? 0;
    let talking = 0;
    for (let local = 0; local < localSpeakers; local++) {
      if (chunk.activity.active[i * localSpeakers + local] !== 1) continue;
      talking++;
      const speaker = mapping[local];
      if (speaker !== null && speaker !== undefined) {
        const at = g * speakerCount + speaker;
        acc.score[at] = (acc.score[at] ?? 0) + w;
      }
    }
    acc.count[g] = (acc.count[g] ?? 0) + w * talking;
    acc.weight[g] = (acc.weight[g] ?? 0) + w;
  }
}

/**
 * Stitches the chunks together, pyannote style: the number of people talking in a frame is the
 * (weighted) average of what the overlapping chunks saw, and that many speakers with the highest
 * scores are marked active. Two at once is overlapped speech.
 */
export function aggregateActivity(
  chunks: readonly ChunkSpeakers[],
  mappings: readonly (readonly (number | null)[])[],
  speakerCount: number,
  frameCount: number,
): SpeakerActivity {
  const acc: Accumulator = {
    score: new Float32Array(frameCount * speakerCount),
    count: new Float32Array(frameCount),
    weight: new Float32Array(frameCount),
  };
  chunks.forEach((chunk, index) => accumulate(acc, chunk, mappings[index] ?? [], speakerCount));
  const active = new Uint8Array(frameCount * speakerCount);
  const order = Array.from({ length: speakerCount }, (_, k) => k);
  for (let g = 0; g < frameCount; g++) {
    const weight = acc.weight[g] ?? 0;
    const talking = weight === 0 ? 0 : Math.round((acc.count[g] ?? 0) / weight);
    if (talking === 0) continue;
    const ranked = order
      .filter((k) => (acc.score[g * speakerCount + k] ?? 0) > 0)
      .sort((a, b) => (acc.score[g * speakerCount + b] ?? 0) - (acc.score[g * speakerCount + a] ?? 0));
    for (const k of ranked.slice(0, talking)) active[g * speakerCount + k] = 1;
  }
  return { frameCount, speakerCount, active };
}
