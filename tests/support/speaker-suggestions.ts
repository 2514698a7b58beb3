import type { PGlite } from '@electric-sql/pglite';

/**
 * Two finished meetings in an embedded database, saved the way a worker saves them (claimed, then
 * `complete_meeting` with a pipeline result): "Monday stand-up" leaves an unnamed voiceprint; in
 * "Budget review" S1 sounded like Ada (a voiceprint the web app named) and S2 like the unnamed
 * voice, both between the suggest and auto thresholds.
 */
export interface SeededSuggestions {
  budgetReview: string;
  ada: string;
  unnamed: string;
}

const model = 'campplus-zh-en';

/** A 192-d voice (CAM++'s size), so that later real meetings compare with it without surprises. */
function voice(seed: number): number[] {
  return Array.from({ length: 192 }, (_, index) => Math.sin(seed * 7.1 + index * 0.37));
}

async function completedMeeting(db: PGlite, title: string, result: Record<string, unknown>): Promise<string> {
  const { rows } = await db.query<{ id: string; lease_token: string }>(
    `insert into public.meetings (title, audio_path, status, claimed_by, lease_token, started_at)
     values ($1, 'earlier.wav', 'processing', 'earlier-worker', gen_random_uuid(), now()) returning id, lease_token`,
    [title],
  );
  const id = rows[0]?.id ?? '';
  const saved = await db.query<{ complete_meeting: boolean }>('select public.complete_meeting($1, $2, $3, $4::jsonb)', [
    id,
    'earlier-worker',
    rows[0]?.lease_token,
    JSON.stringify({ language: 'en', durationSec: 60, summary: null, timingsSec: {}, ...result }),
  ]);
  if (saved.rows[0]?.complete_meeting !== true) throw new Error(`could not complete ${title}`);
  return id;
}

const segment = (speaker: string, start: number, end: number, text: string) => ({
  start,
  end,
  text,
  speaker,
  speakerId: null,
  words: [{ text: ` ${text}`, start, end, speaker }],
});

export async function seedSpeakerSuggestions(db: PGlite): Promise<SeededSuggestions> {
  const unnamed = '5eed0000-0000-4000-8000-000000000001';
  const ada = '5eed0000-0000-4000-8000-0000000000ad';
  await completedMeeting(db, 'Monday stand-up', {
    segments: [segment('S1', 0, 4, 'Morning, everyone.')],
    speakers: [{ label: 'S1', name: null, speakerId: unnamed, match: 'new', score: null }],
    voiceprints: [{ label: 'S1', speakerId: unnamed, action: 'create', model, embedding: voice(1) }],
  });
  await db.query(
    `insert into public.speakers (id, name, embedding, embedding_model, sample_count) values ($1, 'Ada', $2::jsonb, $3, 1)`,
    [ada, JSON.stringify(voice(2)), model],
  );
  const budgetReview = await completedMeeting(db, 'Budget review', {
    segments: [
      segment('S1', 0, 2, 'Travel is over budget.'),
      segment('S2', 2, 9, 'Then we drop the second conference trip and keep the workshop.'),
      segment('S1', 9, 15, 'Agreed, and we look at the numbers again in March.'),
    ],
    speakers: [
      { label: 'S1', name: null, speakerId: ada, match: 'suggested', score: 3.1 },
      { label: 'S2', name: null, speakerId: unnamed, match: 'suggested', score: 2.7 },
    ],
    voiceprints: [
      { label: 'S1', speakerId: ada, action: 'suggest', model, embedding: voice(3) },
      { label: 'S2', speakerId: unnamed, action: 'suggest', model, embedding: voice(4) },
    ],
  });
  return { budgetReview, ada, unnamed };
}
