import { open } from 'node:fs/promises';

import ort from 'onnxruntime-node';

import { CancelledError } from '../errors.js';

import { sampleRate, type PcmFile } from './pcm-file.js';

/** Silero reads 512 new samples (32 ms at 16 kHz) plus the last 64 of the previous frame as context. */
const frameSamples = 512;
const contextSamples = 64;
const blockFrames = 1024;

export const vadFrameSec = frameSamples / sampleRate;

export interface VadOptions {
  /** Multiplies the samples before the VAD sees them (quiet recordings are otherwise missed). */
  gain: number;
  signal?: AbortSignal;
}

/**
 * Silero VAD v5/v6 on plain onnxruntime-node: one session per process, run frame by frame over a
 * PCM file read in blocks, so a 2-hour recording never sits in memory.
 */
export class SileroVad {
  private constructor(private readonly session: ort.InferenceSession) {}

  static async load(modelPath: string): Promise<SileroVad> {
    // One thread: a 32 ms frame is far too small to split, and the ASR needs the other cores.
    const session = await ort.InferenceSession.create(modelPath, { intraOpNumThreads: 1, interOpNumThreads: 1 });
    return new SileroVad(session);
  }

  /** Speech probability of every 32 ms frame of the recording. */
  async speechProbabilities(pcm: PcmFile, options: VadOptions): Promise<Float32Array> {
    const frameCount = Math.ceil(pcm.sampleCount / frameSamples);
    const probabilities = new Float32Array(frameCount);
    let state: ort.Tensor = new ort.Tensor('float32', new Float32Array(2 * 128), [2, 1, 128]);
    const rate = new ort.Tensor('int64', BigInt64Array.from([BigInt(sampleRate)]), []);
    const input = new Float32Array(contextSamples + frameSamples);
    const block = new Float32Array(blockFrames * frameSamples);
    const handle = await open(pcm.path, 'r');
    try {
      for (let first = 0; first < frameCount; first += blockFrames) {
        if (options.signal?.aborted === true) throw new CancelledError('Speech detection cancelled.');
        block.fill(0);
        const { bytesRead } = await handle.read(
          new Uint8Array(block.buffer),
          0,
          block.byteLength,
          first * frameSamples * 4,
        );
        const framesHere = Math.min(blockFrames, Math.ceil(bytesRead / 4 / frameSamples));
        for (let local = 0; local < framesHere; local += 1) {
          input.copyWithin(0, frameSamples, frameSamples + contextSamples);
          const frame = block.subarray(local * frameSamples, (local + 1) * frameSamples);
          for (let index = 0; index < frameSamples; index += 1) {
            input[contextSamples + index] = Math.max(-1, Math.min(1, (frame[index] ?? 0) * options.gain));
          }
          const output = await this.session.run({
            input: new ort.Tensor('float32', input, [1, input.length]),
            state,
            sr: rate,
          });
          probabilities[first + local] = (output['output']?.data as Float32Array)[0] ?? 0;
          const next = output['stateN'];
          if (next !== undefined) state = next;
        }
      }
    } finally {
      await handle.close();
    }
    return probabilities;
  }
}

/**
 * A gain that brings quiet recordings to speech level for the VAD (Silero misses speech at −40 dBFS):
 * the loud end of the 100 ms RMS frames is lifted to about −26 dBFS, never attenuated, at most +40 dB.
 */
export function vadGain(frameRms: Float32Array): number {
  if (frameRms.length === 0) return 1;
  const sorted = Float32Array.from(frameRms).sort();
  const loud = sorted[Math.floor(0.95 * (sorted.length - 1))] ?? 0;
  if (loud <= 0) return 1;
  return Math.min(100, Math.max(1, 0.05 / loud));
}
