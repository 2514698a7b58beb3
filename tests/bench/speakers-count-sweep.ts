import {
  speakerCountRules,
  type CountingMethod,
  type SpeakerCountRules,
} from '../../electron/core/speakers/diarization/count-rules.js';
import { clusteringThreshold } from '../../electron/core/speakers/identification/thresholds.js';
import type { SpeakerEngine } from '../../electron/core/speakers/models/engine.js';

import { pct, pooled, scoreSetting, type ScannedRecording } from './speakers-diarization.js';

/** One setting of the count's hand-set numbers: the defaults with one of them moved. */
export interface CountVariant {
  label: string;
  threshold: number;
  rules: SpeakerCountRules;
}

export const defaultVariant: CountVariant = {
  label: 'defaults',
  threshold: clusteringThreshold,
  rules: speakerCountRules,
};

/** What each `--sweep` name moves; every other number keeps its default. */
const movers: Record<string, (value: string) => Pick<CountVariant, 'threshold' | 'rules'>> = {
  threshold: (v) => ({ threshold: Number(v), rules: speakerCountRules }),
  foundingMinFrames: (v) => ({
    threshold: clusteringThreshold,
    rules: { ...speakerCountRules, foundingMinFrames: Number(v) },
  }),
  absorbShare: (v) => ({ threshold: clusteringThreshold, rules: { ...speakerCountRules, absorbShare: Number(v) } }),
  quietSimilarity: (v) => quiet({ distinctSimilarity: Number(v) }),
  quietShare: (v) => quiet({ minShare: Number(v) }),
  quietMinFrames: (v) => quiet({ minFrames: Number(v) }),
  counting: (v) => ({ threshold: clusteringThreshold, rules: { ...speakerCountRules, counting: v as CountingMethod } }),
};

function quiet(change: Partial<SpeakerCountRules['quietVoices']>): Pick<CountVariant, 'threshold' | 'rules'> {
  const quietVoices = { ...speakerCountRules.quietVoices, ...change };
  return { threshold: clusteringThreshold, rules: { ...speakerCountRules, quietVoices } };
}

/**
 * `--sweep name=v1,v2,…` (repeatable) as variants, the defaults first. Names: threshold,
 * foundingMinFrames, absorbShare, quietSimilarity, quietShare, quietMinFrames, counting
 * (agglomerative|spectral). An unknown name stops the bench with the list of known ones.
 */
export function sweepVariants(argv: readonly string[]): CountVariant[] {
  const variants = [defaultVariant];
  argv.forEach((arg, i) => {
    if (arg !== '--sweep') return;
    const [name = '', values = ''] = (argv[i + 1] ?? '').split('=');
    const move = movers[name];
    if (move === undefined) throw new Error(`--sweep ${name}: known names are ${Object.keys(movers).join(', ')}`);
    for (const value of values.split(',')) variants.push({ label: `${name}=${value}`, ...move(value) });
  });
  return variants;
}

/** One row per variant on one scan of the part: pooled DER with and without collar, its parts, the count. */
export function countSweep(
  recordings: readonly ScannedRecording[],
  engine: SpeakerEngine,
  variants: readonly CountVariant[],
): void {
  console.log('\nvariant | DER collar (real / sim) | miss / FA / conf | DER no collar | count exact (real / sim)');
  for (const variant of variants) {
    const run = scoreSetting(recordings, engine, { ...variant, hinted: false, quiet: true });
    const collar = pooled(run.collar);
    const ofKind = (kind: ScannedRecording['kind']) => {
      const pick = recordings.map((r) => r.kind === kind);
      const der = pooled(run.collar.filter((_, i) => pick[i])).der;
      return { der, exact: run.exactEach.filter((ok, i) => ok && pick[i]).length, n: pick.filter(Boolean).length };
    };
    const [real, sim] = [ofKind('real'), ofKind('simulated')];
    const part = (x: number) => ((x / collar.total) * 100).toFixed(1);
    console.log(
      `${variant.label} | ${pct(collar.der)} (${pct(real.der)} / ${pct(sim.der)}) | ${part(collar.missed)} / ${part(collar.falseAlarm)} / ${part(collar.confusion)}` +
        ` | ${pct(pooled(run.plain).der)} | ${String(run.exact)}/${String(recordings.length)} (${String(real.exact)}/${String(real.n)} / ${String(sim.exact)}/${String(sim.n)})`,
    );
    const counts = recordings.map(
      (r, i) => `${String(run.results[i]?.labels.length ?? 0)}/${String(r.referenceCount)}`,
    );
    console.log(`    counts found/reference: ${counts.join(' ')}`);
  }
}
