import { voiceprintThresholds } from '../../electron/core/speakers/identification/thresholds.js';
import type { SpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { cosine } from '../../electron/core/speakers/vectors.js';

import { pct } from './speakers-diarization.js';
import { equalErrorRate, operatingPoint, scorePairs, type ScoredPair } from './speakers-pairs.js';

/** Overlap-free seconds in each item of a pair for the second EER figure (a short sentence). */
const minCleanSecForAccount = 2;

/** Share of (same, different) pair couples the score puts in the wrong order: 1 − AUC. */
function misordered(pairs: readonly ScoredPair[]): number {
  const same = pairs.filter((p) => p.same).map((p) => p.score);
  const different = pairs.filter((p) => !p.same).map((p) => p.score);
  let wrong = 0;
  for (const s of same) for (const d of different) wrong += s < d ? 1 : s === d ? 0.5 : 0;
  return wrong / (same.length * different.length);
}

function reportScale(name: string, pairs: readonly ScoredPair[]): void {
  const eer = equalErrorRate(pairs);
  console.log(
    `  ${name.padEnd(22)} EER ${pct(eer.eer)} at ${eer.threshold.toFixed(3)}; pairs misordered ${pct(misordered(pairs))}`,
  );
}

/**
 * Speaker verification on same-speaker/pairs.tsv: EER of plain cosine and of the product's
 * normalised score, and the false-accept/false-reject rates of the voiceprint thresholds.
 */
export async function verification(dataDir: string, engine: SpeakerEngine): Promise<void> {
  const scored = await scorePairs(dataDir, engine.embedder, { cosine, normalised: engine.voiceScore });
  const raw = scored['cosine'] ?? [];
  const pairs = scored['normalised'] ?? [];
  console.log(`\nspeaker verification on same-speaker/pairs.tsv (${String(pairs.length)} pairs, overlap-free items)`);
  reportScale('cosine', raw);
  reportScale('s-norm (product)', pairs);
  console.log('  floor: log-mel statistics EER 20.0 %; before this issue: cosine on whole items 8.0 %');
  // Where the errors come from: AMI items with a second or two of speech, or none without overlap.
  const enough = pairs.filter((p) => p.shorterCleanSec >= minCleanSecForAccount);
  reportScale(`both items >= ${String(minCleanSecForAccount)} s clean`, enough);
  console.log(
    `    (${String(enough.length)} of ${String(pairs.length)} pairs; the ${String(pairs.length - enough.length)} left out hold an item with less overlap-free speech)`,
  );
  const cross = pairs.filter((p) => !p.same || p.kind.startsWith('cross-recording'));
  for (const [name, threshold] of [
    ['auto', voiceprintThresholds.auto],
    ['suggest', voiceprintThresholds.suggest],
  ] as const) {
    const all = operatingPoint(pairs, threshold);
    const crossOnly = operatingPoint(cross, threshold);
    console.log(
      `  ${name.padEnd(7)} >= ${threshold.toFixed(2)}: false accept ${pct(all.falseAccept)}, false reject ${pct(all.falseReject)} (cross-recording positives only: ${pct(crossOnly.falseReject)})`,
    );
  }
  const negatives = pairs.filter((p) => !p.same).map((p) => p.score);
  console.log(`  highest different-speaker score ${Math.max(...negatives).toFixed(3)}`);
  if (process.argv.includes('--sweep-voiceprint')) {
    for (let threshold = 0; threshold <= 8; threshold += 0.5) {
      const point = operatingPoint(pairs, threshold);
      console.log(`  ${threshold.toFixed(1)}: FA ${pct(point.falseAccept)} FR ${pct(point.falseReject)}`);
    }
  }
}
