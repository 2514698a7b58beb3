import { readFileSync } from 'node:fs';
import path from 'node:path';

import { readAsrReferences, sharedDir, type AsrReference } from '../support/shared-data.js';

import { partOfSpeaker, type Part } from './speakers-simulated.js';

/**
 * The split of the ASR dev set (../shared/data/asr) for tuning the recognizer's own rules: by voice,
 * with the rule of `bench:speakers` (speakers-simulated.ts), so that no voice the rules were tuned on
 * is heard in the part they are reported on. Tune: 147 clips (99 English, 24 min); report: 122 clips
 * (82 English, 19.5 min).
 */
export function asrPartRows(part: Part): AsrReference[] {
  const speakers = new Map(
    readFileSync(path.join(sharedDir, 'data', 'asr', 'meta.tsv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((row) => row.split('\t'))
      .map(([file = '', , speaker = '']) => [path.join(sharedDir, 'data', file), speaker]),
  );
  return readAsrReferences().filter((row) => partOfSpeaker(speakers.get(row.file) ?? row.file) === part);
}
