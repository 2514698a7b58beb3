import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { realRecording, type RecordingSource } from './speakers-diarization.js';
import { buildSimulatedConversations, type Part } from './speakers-simulated.js';

/**
 * The split of `bench:speakers`. Rules are tuned on `tune` and reported on `report`. The real
 * recordings split by meeting (trn07 and trn08 share their four people, so both report); the
 * simulated ones by voice (speakers-simulated.ts), so no report voice is heard while tuning. The
 * real report recordings were seen by earlier tuning (before this split existed): the simulated
 * report conversations are the part no rule has met.
 */
export const realParts: Record<Part, readonly string[]> = {
  tune: ['ami_excerpt_trn00', 'ami_excerpt_trn01', 'ami_excerpt_trn02', 'ami_excerpt_trn03', 'ami_excerpt_trn04'],
  report: ['ami_excerpt_trn05', 'ami_excerpt_trn07', 'ami_excerpt_trn08', 'ami_seriously_mixture', 'spokenwoz_MUL1011'],
};

const generator = path.join(path.dirname(fileURLToPath(import.meta.url)), 'speakers-simulated.ts');

/**
 * One part's recordings: its real ones and `simCount` simulated conversations, built once into a
 * temp folder named after the generator's source (a changed generator builds afresh).
 */
export function partSources(dataDir: string, part: Part, simCount: number): RecordingSource[] {
  const version = createHash('sha256').update(readFileSync(generator)).digest('hex').slice(0, 12);
  const simDir = path.join(tmpdir(), `pcw-bench-sim-${version}`);
  const simulated = Array.from({ length: simCount }, (_, i) => `sim_${part}_${String(i).padStart(2, '0')}`);
  const built = simulated.every((name) => existsSync(path.join(simDir, `${name}.rttm`)));
  if (!built && simCount > 0) buildSimulatedConversations(dataDir, simDir, part, simCount);
  return [
    ...realParts[part].map((name) => realRecording(dataDir, name)),
    ...simulated.map((name) => ({
      name,
      wav: path.join(simDir, `${name}.wav`),
      rttm: path.join(simDir, `${name}.rttm`),
      kind: 'simulated' as const,
    })),
  ];
}
