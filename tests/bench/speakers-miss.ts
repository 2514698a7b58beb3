import { chunkStepFrames } from '../../electron/core/speakers/diarization/chunk-scan.js';
import { localSpeakers } from '../../electron/core/speakers/diarization/segmentation.js';
import { frameStartSec, frameStepSec } from '../../electron/core/speakers/diarization/turns.js';

import type { ScannedRecording, ScoredRun } from './speakers-diarization.js';

/** Where missed reference speech went, in seconds (no collar). */
interface MissedSpeech {
  reference: number;
  missed: number;
  /** A chunk's segmentation heard that many voices there, but stitching or the speaker mapping dropped them. */
  lostAfterSegmentation: number;
  /** No chunk heard that many voices, at moments when one person talked alone… */
  unheardAlone: number;
  /** …or when two or more talked at once (the quieter voices of an overlap). */
  unheardOverlap: number;
}

/** The most local speakers any chunk marks in each global segmentation frame. */
function segmentationVoices(recording: ScannedRecording, frameCount: number): Uint8Array {
  const heard = new Uint8Array(frameCount);
  for (const chunk of recording.chunks) {
    const { frameCount: frames, active } = chunk.activity;
    for (let i = 0; i < frames; i++) {
      const g = chunk.index * chunkStepFrames + i;
      if (g >= frameCount) break;
      let talking = 0;
      for (let s = 0; s < localSpeakers; s++) talking += active[i * localSpeakers + s] ?? 0;
      heard[g] = Math.max(heard[g] ?? 0, talking);
    }
  }
  return heard;
}

function missedSpeech(recording: ScannedRecording, run: ScoredRun, index: number): MissedSpeech {
  const activity = run.results[index]?.activity;
  const out: MissedSpeech = { reference: 0, missed: 0, lostAfterSegmentation: 0, unheardAlone: 0, unheardOverlap: 0 };
  if (activity === undefined) return out;
  const heard = segmentationVoices(recording, activity.frameCount);
  for (let g = 0; g < activity.frameCount; g++) {
    const t = frameStartSec(g) + frameStepSec / 2;
    const said = recording.reference.filter((turn) => turn.start <= t && t < turn.end).length;
    let found = 0;
    for (let k = 0; k < activity.speakerCount; k++) found += activity.active[g * activity.speakerCount + k] ?? 0;
    const missed = Math.max(0, said - found);
    const lost = Math.min(missed, Math.max(0, (heard[g] ?? 0) - found));
    out.reference += said * frameStepSec;
    out.missed += missed * frameStepSec;
    out.lostAfterSegmentation += lost * frameStepSec;
    const unheard = (missed - lost) * frameStepSec;
    if (said >= 2) out.unheardOverlap += unheard;
    else out.unheardAlone += unheard;
  }
  return out;
}

const share = (part: number, whole: number): string => `${((part / whole) * 100).toFixed(1)} %`;

function line(name: string, m: MissedSpeech): string {
  return (
    `${name.padEnd(26)} ref ${m.reference.toFixed(1)} s  missed ${share(m.missed, m.reference)}:` +
    ` lost after segmentation ${share(m.lostAfterSegmentation, m.reference)},` +
    ` unheard alone ${share(m.unheardAlone, m.reference)}, unheard in overlap ${share(m.unheardOverlap, m.reference)}`
  );
}

/**
 * `--miss`: why reference speech is missed, per recording and pooled by kind: never heard by the
 * segmentation model (alone or inside an overlap), or heard by it and lost afterwards (a local speaker
 * with no embedding or no global speaker left to map to, or the stitched count rounding it away).
 */
export function missReport(recordings: readonly ScannedRecording[], run: ScoredRun): void {
  console.log('\nmissed speech by cause (no collar, segmentation frames):');
  const pooled = new Map<string, MissedSpeech>();
  recordings.forEach((recording, i) => {
    const m = missedSpeech(recording, run, i);
    console.log(`  ${line(recording.name, m)}`);
    const sum = pooled.get(recording.kind) ?? {
      reference: 0,
      missed: 0,
      lostAfterSegmentation: 0,
      unheardAlone: 0,
      unheardOverlap: 0,
    };
    for (const key of Object.keys(sum) as (keyof MissedSpeech)[]) sum[key] += m[key];
    pooled.set(recording.kind, sum);
  });
  for (const [kind, m] of pooled) console.log(`  ${line(`pooled ${kind}`, m)}`);
}
