/** A stretch of the recording that the voice activity detector heard as speech. */
export interface SpeechRegion {
  startSec: number;
  endSec: number;
}

export interface SpeechRegionRules {
  /** Seconds per probability frame (Silero reads 512 samples at 16 kHz: 32 ms). */
  frameSec: number;
  /** A frame at or above this probability starts speech… */
  onThreshold: number;
  /** …and speech continues until the probability falls below this one (hysteresis). */
  offThreshold: number;
  /** Blips shorter than this are clicks or breaths, not words. */
  minSpeechSec: number;
  /** Pauses shorter than this are kept inside one region. */
  minSilenceSec: number;
  /** Added on each side so word onsets and tails are not clipped. */
  padSec: number;
}

/** Silero's own defaults (threshold 0.5, off 0.35, 250 ms speech, 100 ms silence, 30 ms pad), a little more padded. */
export const defaultSpeechRules: SpeechRegionRules = {
  frameSec: 0.032,
  onThreshold: 0.5,
  offThreshold: 0.35,
  minSpeechSec: 0.25,
  minSilenceSec: 0.3,
  padSec: 0.2,
};

function rawRegions(probabilities: Float32Array, rules: SpeechRegionRules): SpeechRegion[] {
  const regions: SpeechRegion[] = [];
  let startFrame = -1;
  let silentSince = -1;
  const minSilenceFrames = Math.round(rules.minSilenceSec / rules.frameSec);
  for (let frame = 0; frame < probabilities.length; frame += 1) {
    const probability = probabilities[frame] ?? 0;
    if (startFrame < 0) {
      if (probability >= rules.onThreshold) startFrame = frame;
      continue;
    }
    if (probability >= rules.offThreshold) {
      silentSince = -1;
    } else if (silentSince < 0) {
      silentSince = frame;
    } else if (frame - silentSince >= minSilenceFrames) {
      regions.push({ startSec: startFrame * rules.frameSec, endSec: silentSince * rules.frameSec });
      startFrame = -1;
      silentSince = -1;
    }
  }
  if (startFrame >= 0) {
    const endFrame = silentSince >= 0 ? silentSince : probabilities.length;
    regions.push({ startSec: startFrame * rules.frameSec, endSec: endFrame * rules.frameSec });
  }
  return regions;
}

/**
 * Turns per-frame speech probabilities into padded speech regions inside [0, durationSec]: hysteresis
 * on/off thresholds, short blips dropped, short pauses bridged, overlapping padded regions merged.
 */
export function speechRegions(
  probabilities: Float32Array,
  durationSec: number,
  rules: Partial<SpeechRegionRules> = {},
): SpeechRegion[] {
  const all = { ...defaultSpeechRules, ...rules };
  const merged: SpeechRegion[] = [];
  for (const region of rawRegions(probabilities, all)) {
    if (region.endSec - region.startSec < all.minSpeechSec) continue;
    const padded = {
      startSec: Math.max(0, region.startSec - all.padSec),
      endSec: Math.min(durationSec, region.endSec + all.padSec),
    };
    const last = merged.at(-1);
    if (last !== undefined && padded.startSec <= last.endSec) last.endSec = Math.max(last.endSec, padded.endSec);
    else merged.push(padded);
  }
  return merged;
}
