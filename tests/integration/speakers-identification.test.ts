import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { identifySpeakers } from '../../electron/core/speakers/identification/identify.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/models/model-files.js';
import { embedItem, itemSamples } from '../bench/speakers-pairs.js';
import { sharedDir } from '../support/shared-data.js';

const dataDir = path.join(sharedDir, 'data');
const pairs = readFileSync(path.join(dataDir, 'same-speaker', 'pairs.tsv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((row) => row.split('\t'))
  .map(([a = '', b = '', same = '', , , kind = '']) => ({ a, b, same: same === '1', kind }));

/** Enrols item A as a stored voiceprint and asks who item B is. */
async function identify(a: string, b: string) {
  const { embedder, voiceScore } = await loadSpeakerEngine(defaultSpeakerModelDir());
  const stored = await embedItem(embedder, itemSamples(dataDir, a));
  const heard = await embedItem(embedder, itemSamples(dataDir, b));
  const library = [
    {
      speakerId: '44444444-4444-4444-8444-444444444444',
      name: 'Enrolled',
      model: embedder.modelId,
      score: voiceScore,
      embedding: stored,
      sampleCount: 1,
      attendee: false,
    },
  ];
  const { speakers } = identifySpeakers([{ label: 'S1', embedding: heard, frames: 1000 }], library, {
    model: embedder.modelId,
    score: voiceScore,
    newSpeakerId: () => '55555555-5555-4555-8555-555555555555',
  });
  return speakers[0];
}

describe('identifying speakers across recordings', () => {
  const crossChapter = pairs.filter((p) => p.same && p.kind.includes('LibriSpeech reader'));
  const otherPeople = pairs.filter((p) => !p.same && p.kind.includes('different recording'));

  it.each(crossChapter.map((p) => [p.a, p.b] as const))(
    'recognises the same reader in another chapter: %s vs %s',
    async (a, b) => {
      expect(await identify(a, b)).toMatchObject({ match: 'auto', speakerId: '44444444-4444-4444-8444-444444444444' });
    },
  );

  it.each(otherPeople.map((p) => [p.a, p.b] as const))(
    'does not take another person for the enrolled one: %s vs %s',
    async (a, b) => {
      expect((await identify(a, b))?.match).not.toBe('auto');
    },
  );
});
