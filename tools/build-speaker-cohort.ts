/**
 * Builds `resources/models/cohort/<embedding model id>.json`, the cohort that score normalisation
 * (electron/core/speakers/identification/score-normalisation.ts) compares voices with:
 *
 *   node --import tsx tools/build-speaker-cohort.ts [../shared/data]
 *
 * One embedding per person of ../shared/data/same-speaker/speakers.tsv who appears in NO pair of
 * pairs.tsv, so the EER measured on those pairs never sees its own speakers in the cohort. Only
 * sources whose licence allows shipping derived data are used (LibriSpeech and AMI: CC-BY-4.0;
 * Common Voice: CC0); SpokenWOZ (non-commercial) and the Picovoice clips (source undocumented) are
 * left out. Each embedding is made exactly as the bench embeds an item (speakers-pairs.ts).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { cohortPath } from '../electron/core/speakers/identification/score-normalisation.js';
import { loadSpeakerEngine } from '../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../electron/core/speakers/models/model-files.js';
import { embedItem, itemSamples, readPairs } from '../tests/bench/speakers-pairs.js';

const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = path.resolve(process.argv[2] ?? path.join(repoDir, '..', 'shared', 'data'));

const licences: [RegExp, string][] = [
  [/^LibriSpeech/, 'CC-BY-4.0 (LibriSpeech, Panayotov et al. 2015)'],
  [/^AMI/, 'CC-BY-4.0 (AMI Meeting Corpus)'],
  [/^Mozilla Common Voice/, 'CC0-1.0 (Mozilla Common Voice)'],
];

interface CohortItem {
  item: string;
  speaker: string;
  licence: string;
}

function cohortItems(): CohortItem[] {
  const scored = new Set(readPairs(dataDir).flatMap((pair) => pair.speakers));
  const rows = readFileSync(path.join(dataDir, 'same-speaker', 'speakers.tsv'), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((row) => row.split('\t'));
  const chosen = new Map<string, CohortItem>();
  for (const [item = '', speaker = '', source = ''] of rows) {
    const licence = licences.find(([pattern]) => pattern.test(source))?.[1];
    if (licence === undefined || scored.has(speaker) || chosen.has(speaker)) continue;
    chosen.set(speaker, { item, speaker, licence });
  }
  return [...chosen.values()];
}

const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
const items = cohortItems();
const embeddings: number[][] = [];
for (const { item } of items) {
  const embedding = await embedItem(engine.embedder, itemSamples(dataDir, item));
  embeddings.push(Array.from(embedding, (v) => Math.round(v * 1e5) / 1e5));
}
const modelDir = defaultSpeakerModelDir();
const out = cohortPath(modelDir, engine.embedder.modelId);
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(
  out,
  `${JSON.stringify({
    model: engine.embedder.modelId,
    builtBy: 'tools/build-speaker-cohort.ts',
    method: 'one L2-normalised embedding per speaker who appears in no pair of same-speaker/pairs.tsv',
    items,
    embeddings,
  })}\n`,
);
process.stdout.write(`${String(items.length)} cohort speakers -> ${out}\n`);
