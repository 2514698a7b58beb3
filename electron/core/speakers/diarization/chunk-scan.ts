import type { PcmFile } from '../../audio/pcm-file.js';
import { readPcmWindow } from '../../audio/pcm-file.js';

import type { SpeakerEmbedder } from './embedding.js';
import { minEmbeddingFrames } from './embedding.js';
import { computeFbank, fbankShiftSamples, selectWithMeanNormalisation, type Fbank } from './fbank.js';
import {
  chunkSamples,
  localSpeakers,
  segmentationFrameCentreSec,
  segmentationFrameSamples,
  type ChunkActivity,
  type SpeakerSegmenter,
} from './segmentation.js';

/**
 * Chunks advance by 296 segmentation frames (4.995 s, about half a chunk), so chunk frames land on
 * one global frame grid and every moment is seen by two chunks. pyannote's 1 s step would run the
 * embedding model 5x as often, which a 2-core laptop cannot afford at 5x real time.
 */
export const chunkStepFrames = 296;
export const chunkStepSamples = chunkStepFrames * segmentationFrameSamples;

/** One local speaker of one chunk, embedded from the frames where it talks. */
export interface LocalSpeaker {
  chunk: number;
  local: number;
  /** Embedding frames (10 ms each) used; fewer than `minEmbeddingFrames` gives no embedding. */
  frames: number;
  /** True when only frames without overlapping speech were used. */
  clean: boolean;
  embedding: Float32Array | null;
}

/** What diarization keeps per chunk: the local activity (1.8 kB) and up to 3 embeddings. */
export interface ChunkSpeakers {
  index: number;
  activity: ChunkActivity;
  speakers: LocalSpeaker[];
}

export function chunkCount(sampleCount: number): number {
  if (sampleCount <= chunkSamples) return 1;
  return Math.ceil((sampleCount - chunkSamples) / chunkStepSamples) + 1;
}

/** The segmentation frame that holds the centre of each fbank frame. */
function segmentationFrameOf(fbankFrame: number, segFrames: number): number {
  const centreSec = (fbankFrame * fbankShiftSamples + 200) / 16_000;
  const frame = Math.round((centreSec - segmentationFrameCentreSec) / (segmentationFrameSamples / 16_000));
  return Math.min(segFrames - 1, Math.max(0, frame));
}

/** Half a second of overlap-free speech is preferred to more speech mixed with someone else's. */
const minCleanFrames = 50;

/** Fbank frames where `local` talks: alone if there is enough of that, else with overlap. */
function speakerFrames(fbank: Fbank, activity: ChunkActivity, local: number): { frames: number[]; clean: boolean } {
  const alone: number[] = [];
  const any: number[] = [];
  for (let f = 0; f < fbank.frameCount; f++) {
    const seg = segmentationFrameOf(f, activity.frameCount);
    if (activity.active[seg * localSpeakers + local] !== 1) continue;
    any.push(f);
    let others = 0;
    for (let s = 0; s < localSpeakers; s++) if (s !== local) others += activity.active[seg * localSpeakers + s] ?? 0;
    if (others === 0) alone.push(f);
  }
  return alone.length >= minCleanFrames ? { frames: alone, clean: true } : { frames: any, clean: false };
}

async function embedChunk(
  index: number,
  samples: Float32Array,
  activity: ChunkActivity,
  embedder: SpeakerEmbedder,
): Promise<ChunkSpeakers> {
  const fbank = computeFbank(samples, embedder.fbank);
  const speakers: LocalSpeaker[] = [];
  for (let local = 0; local < localSpeakers; local++) {
    const { frames, clean } = speakerFrames(fbank, activity, local);
    if (frames.length === 0) continue;
    const embedding =
      frames.length >= minEmbeddingFrames ? await embedder.embed(selectWithMeanNormalisation(fbank, frames)) : null;
    speakers.push({ chunk: index, local, frames: frames.length, clean, embedding });
  }
  return { index, activity, speakers };
}

export interface ChunkScanOptions {
  signal: AbortSignal;
  onProgress: (fraction: number) => void;
}

/**
 * Walks the decoded recording on disk chunk by chunk: only one 10 s window of audio is in memory at
 * a time, so memory stays flat with the meeting's length.
 */
export async function scanChunkSpeakers(
  pcm: PcmFile,
  models: { segmenter: SpeakerSegmenter; embedder: SpeakerEmbedder },
  options: ChunkScanOptions,
): Promise<ChunkSpeakers[]> {
  const count = chunkCount(pcm.sampleCount);
  const chunks: ChunkSpeakers[] = [];
  for (let index = 0; index < count; index++) {
    options.signal.throwIfAborted();
    const audio = await readPcmWindow(pcm, index * chunkStepSamples, chunkSamples);
    const padded = new Float32Array(chunkSamples);
    padded.set(audio);
    const activity = await models.segmenter.segment(padded);
    chunks.push(await embedChunk(index, audio, activity, models.embedder));
    options.onProgress((index + 1) / count);
  }
  return chunks;
}
