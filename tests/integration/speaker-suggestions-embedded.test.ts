import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { speakerSuggestionSchema } from '../../electron/contract/api.js';
import { openEmbeddedDatabase, pgliteFunctionCall } from '../../electron/core/embedded/embedded-database.js';
import { defaultSupabaseDir } from '../../electron/core/embedded/migrations-dir.js';
import {
  createVoiceprintLibrary,
  type VoiceprintLibrary,
} from '../../electron/core/speakers/identification/voiceprint-library.js';
import { seedSpeakerSuggestions, type SeededSuggestions } from '../support/speaker-suggestions.js';

/**
 * The dashboard's review of suggested matches on the embedded queue (PGlite, the same migrations as
 * Supabase; the Supabase stack's grants are in speakers-confirm-supabase.test.ts).
 */
describe('speaker suggestions on the embedded queue', () => {
  let dir = '';
  let db: PGlite;
  let library: VoiceprintLibrary;
  let seeded: SeededSuggestions;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-suggestions-'));
    db = await openEmbeddedDatabase(path.join(dir, 'db'), defaultSupabaseDir());
    library = createVoiceprintLibrary(pgliteFunctionCall(db));
    seeded = await seedSpeakerSuggestions(db);
  });

  afterAll(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const speakerRow = async (label: string) =>
    (
      await db.query<{ speaker_id: string | null; name: string | null; match: string | null }>(
        'select speaker_id, name, match from public.meeting_speakers where meeting_id = $1 and label = $2',
        [seeded.budgetReview, label],
      )
    ).rows[0];

  it('lists both open suggestions in the contract shape, with the longest thing each speaker said', async () => {
    const listed = await library.suggestions(20);
    for (const suggestion of listed) expect(speakerSuggestionSchema.parse(suggestion)).toEqual(suggestion);
    expect(listed.map((s) => [s.label, s.speakerName, s.firstHeardIn, s.score, s.sampleText])).toEqual(
      expect.arrayContaining([
        ['S1', 'Ada', null, expect.closeTo(3.1, 5), 'Agreed, and we look at the numbers again in March.'],
        [
          'S2',
          null,
          'Monday stand-up',
          expect.closeTo(2.7, 5),
          'Then we drop the second conference trip and keep the workshop.',
        ],
      ]),
    );
    expect(listed).toHaveLength(2);
    expect(await library.suggestions(1)).toHaveLength(1);
  });

  it('confirms one: the voiceprint learns the voice and the segments link to it', async () => {
    expect(await library.confirm(seeded.budgetReview, 'S1', seeded.ada)).toBe(true);
    expect(await speakerRow('S1')).toEqual({ speaker_id: seeded.ada, name: 'Ada', match: 'confirmed' });
    const { rows } = await db.query<{ sample_count: number; meeting_ids: string[] }>(
      'select sample_count, meeting_ids from public.speakers where id = $1',
      [seeded.ada],
    );
    expect(rows[0]).toEqual({ sample_count: 2, meeting_ids: [seeded.budgetReview] });
    expect((await library.suggestions(20)).map((s) => s.label)).toEqual(['S2']);
  });

  it('turns the other down: unlinked, the unnamed voiceprint untouched, nothing left to decide', async () => {
    expect(await library.dismiss(seeded.budgetReview, 'S2')).toBe(true);
    expect(await speakerRow('S2')).toEqual({ speaker_id: null, name: null, match: null });
    const { rows } = await db.query<{ sample_count: number }>(
      'select sample_count from public.speakers where id = $1',
      [seeded.unnamed],
    );
    expect(rows[0]?.sample_count).toBe(1);
    expect(await library.suggestions(20)).toEqual([]);
    expect(await library.dismiss(seeded.budgetReview, 'S2')).toBe(false);
  });
});
