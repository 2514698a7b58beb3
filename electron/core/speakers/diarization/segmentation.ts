/** pyannote segmentation 3.0 was trained on 10 s chunks of 16 kHz audio. */
export const chunkSamples = 160_000;
/** One output frame per 270 samples (16.875 ms); frame i is centred 991/2 samples after 270 i. */
export const segmentationFrameSamples = 270;
export const segmentationFrameCentreSec = 0.03096875;
export const localSpeakers = 3;

/** Which of the 3 local speakers each powerset class holds: {} {A} {B} {C} {A,B} {A,C} {B,C}. */
const powersetMembers: readonly (readonly number[])[] = [[], [0], [1], [2], [0, 1], [0, 2], [1, 2]];

export function segmentationFrameCount(samples: number): number {
  return Math.floor((samples - 721) / segmentationFrameSamples);
}

/** Local speaker activity of one chunk: `active[frame * 3 + speaker]` is 1 while that speaker talks. */
export interface ChunkActivity {
  frameCount: number;
  active: Uint8Array;
}

/**
 * Hard decision per frame: the most likely powerset class, as pyannote 3.x does; or, with
 * `speakerThreshold`, each local speaker whose own probability (the sum of the classes that hold
 * them) reaches it, the multilabel view the bench compares with (`--speech-thresholds`): below 0.5 it
 * hears quieter and overlapped voices the argmax leaves out.
 */
export function powersetToActivity(
  logProbs: Float32Array,
  frameCount: number,
  speakerThreshold?: number,
): ChunkActivity {
  const active = new Uint8Array(frameCount * localSpeakers);
  const classes = powersetMembers.length;
  for (let frame = 0; frame < frameCount; frame++) {
    if (speakerThreshold !== undefined) {
      const own = [0, 0, 0];
      powersetMembers.forEach((members, c) => {
        const probability = Math.exp(logProbs[frame * classes + c] ?? -Infinity);
        for (const speaker of members) own[speaker] = (own[speaker] ?? 0) + probability;
      });
      own.forEach((p, speaker) => (active[frame * localSpeakers + speaker] = p >= speakerThreshold ? 1 : 0));
      continue;
    }
    let best = 0;
    for (let c = 1; c < classes; c++) {
      if ((logProbs[frame * classes + c] ?? -Infinity) > (logProbs[frame * classes + best] ?? -Infinity)) best = c;
    }
    for (const speaker of powersetMembers[best] ?? []) active[frame * localSpeakers + speaker] = 1;
  }
  return { frameCount, active };
}

export interface SpeakerSegmenter {
  modelId: string;
  /** A chunk of exactly 160000 samples (zero-pad the last one) in, local activity out. */
  segment(chunk: Float32Array): Promise<ChunkActivity>;
}
