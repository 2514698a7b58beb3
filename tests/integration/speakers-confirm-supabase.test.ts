// Confirming a suggested voiceprint match on the real stack (PostgreSQL + PostgREST + gateway), as
// the web app (the meeting's owner, signed in) and the dashboard (service role) would call it. The
// suggestion itself comes through complete_meeting, as the worker saves it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { connectAs, rpc, supabaseClient, withRole, type StackClient } from '../support/stack/clients.js';
import { startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

const ALICE = '0a0a0a0a-0000-4000-8000-00000000a11c';
const BOB = '0b0b0b0b-0000-4000-8000-000000000b0b';
const MODEL = 'campplus-zh-en';

let stack: SupabaseStack;
let anon: StackClient;
let alice: StackClient;
let bob: StackClient;
let service: StackClient;

interface VoiceprintRow {
  embedding: number[] | null;
  sample_count: number;
  meeting_ids: string[];
}

async function voiceprint(id: string): Promise<VoiceprintRow | undefined> {
  const { rows } = await stack.sql.query<VoiceprintRow>(
    'select embedding, sample_count, meeting_ids from public.speakers where id = $1',
    [id],
  );
  return rows[0];
}

async function addVoiceprint(owner: string, embedding: number[], model = MODEL): Promise<string> {
  const { rows } = await stack.sql.query<{ id: string }>(
    `insert into public.speakers (name, embedding, embedding_model, sample_count, user_id)
     values ('Dana', $1::jsonb, $2, 1, $3) returning id`,
    [JSON.stringify(embedding), model, owner],
  );
  return rows[0]?.id ?? '';
}

/** A meeting of `owner` completed by a worker whose speaker S1 was suggested as `speakerId`. */
async function meetingWithSuggestion(owner: string, speakerId: string, voice: number[]): Promise<string> {
  const { rows } = await stack.sql.query<{ id: string; lease_token: string }>(
    `insert into public.meetings (title, audio_path, status, claimed_by, lease_token, user_id)
     values ('weekly', 'a.m4a', 'processing', 'pc-1', gen_random_uuid(), $1) returning id, lease_token`,
    [owner],
  );
  const id = rows[0]?.id ?? '';
  const words = (speaker: string) => [{ text: ' hi', start: 0, end: 1, speaker }];
  const result = {
    language: 'en',
    durationSec: 4,
    segments: [
      { start: 0, end: 1, text: 'Hi', speaker: 'S1', speakerId: null, words: words('S1') },
      { start: 1, end: 2, text: 'Hello', speaker: 'S2', speakerId: null, words: words('S2') },
      { start: 2, end: 3, text: 'Again', speaker: 'S1', speakerId: null, words: words('S1') },
    ],
    speakers: [
      { label: 'S1', name: null, speakerId, match: 'suggested', score: 3.1 },
      { label: 'S2', name: null, speakerId: null, match: 'new', score: null },
    ],
    summary: null,
    voiceprints: [{ label: 'S1', speakerId, action: 'suggest', model: MODEL, embedding: voice }],
    timingsSec: {},
  };
  const saved = await rpc<boolean>(service, 'complete_meeting', {
    p_meeting_id: id,
    p_worker_id: 'pc-1',
    p_lease_token: rows[0]?.lease_token,
    p_result: result,
  });
  expect(saved.data).toBe(true);
  return id;
}

async function segmentLinks(meetingId: string): Promise<(string | null)[]> {
  const { rows } = await stack.sql.query<{ speaker_id: string | null }>(
    'select speaker_id from public.transcript_segments where meeting_id = $1 order by seq',
    [meetingId],
  );
  return rows.map((row) => row.speaker_id);
}

beforeAll(async () => {
  stack = await startSupabaseStack();
  anon = supabaseClient(stack.url, stack.anonKey);
  alice = supabaseClient(stack.url, stack.anonKey, await stack.userKey(ALICE));
  bob = supabaseClient(stack.url, stack.anonKey, await stack.userKey(BOB));
  service = supabaseClient(stack.url, stack.serviceKey);
});

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
  await stack?.stop();
});

describe('confirm_speaker_match', () => {
  it("lets the meeting's owner confirm: running mean with the count, meeting listed, segments linked", async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0.5]);
    const meeting = await meetingWithSuggestion(ALICE, dana, [0, 1, 0.5]);
    expect(await segmentLinks(meeting)).toEqual([null, null, null]);

    const confirmed = await rpc<boolean>(alice, 'confirm_speaker_match', {
      p_meeting_id: meeting,
      p_label: 'S1',
      p_speaker_id: dana,
    });
    expect(confirmed).toMatchObject({ data: true, error: null });
    expect(await voiceprint(dana)).toEqual({ embedding: [0.5, 0.5, 0.5], sample_count: 2, meeting_ids: [meeting] });
    expect(await segmentLinks(meeting)).toEqual([dana, null, dana]);
    const labels = await alice.from('meeting_speakers').select('label, speaker_id, match, name').order('label');
    expect(labels.data).toEqual([
      { label: 'S1', speaker_id: dana, match: 'confirmed', name: 'Dana' },
      { label: 'S2', speaker_id: null, match: 'new', name: null },
    ]);

    // The suggestion is used up: confirming again changes nothing and counts the meeting once.
    const again = await rpc<boolean>(alice, 'confirm_speaker_match', {
      p_meeting_id: meeting,
      p_label: 'S1',
      p_speaker_id: dana,
    });
    expect(again.data).toBe(false);
    expect((await voiceprint(dana))?.sample_count).toBe(2);
  });

  it('refuses the public key and another signed-in user, and changes nothing', async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    const meeting = await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    const args = { p_meeting_id: meeting, p_label: 'S1', p_speaker_id: dana };
    const fromAnon = await rpc(anon, 'confirm_speaker_match', args);
    expect([401, 403, 404]).toContain(fromAnon.status);
    const fromBob = await rpc(bob, 'confirm_speaker_match', args);
    expect(fromBob.error).not.toBeNull();
    expect([401, 403]).toContain(fromBob.status);
    expect(await voiceprint(dana)).toEqual({ embedding: [1, 0, 0], sample_count: 1, meeting_ids: [] });
    expect(await segmentLinks(meeting)).toEqual([null, null, null]);
  });

  it('keeps the stored meeting voices from everyone but the service role', async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    for (const client of [anon, alice]) {
      const res = await client.from('voiceprint_suggestions').select('*');
      if (res.status === 200) expect(res.data).toEqual([]);
      else expect([401, 403]).toContain(res.status);
    }
    const all = await service.from('voiceprint_suggestions').select('label, embedding_model');
    expect(all.data?.length).toBeGreaterThan(0);
  });

  it('lets the dashboard (service role) confirm, but never with a voiceprint of another model or a deleted one', async () => {
    const oldModel = await addVoiceprint(ALICE, [1, 0, 0], 'campplus-zh-en@0');
    const meeting = await meetingWithSuggestion(ALICE, oldModel, [0, 1, 0]);
    const foreign = await rpc<boolean>(service, 'confirm_speaker_match', {
      p_meeting_id: meeting,
      p_label: 'S1',
      p_speaker_id: oldModel,
    });
    expect(foreign.data).toBe(false);

    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    const second = await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    expect((await rpc<boolean>(service, 'delete_voiceprint', { p_speaker_id: dana })).data).toBe(true);
    const deleted = await rpc<boolean>(service, 'confirm_speaker_match', {
      p_meeting_id: second,
      p_label: 'S1',
      p_speaker_id: dana,
    });
    expect(deleted.data).toBe(false);
    expect(await voiceprint(dana)).toEqual({ embedding: null, sample_count: 0, meeting_ids: [] });

    const carol = await addVoiceprint(ALICE, [0, 0, 1]);
    const third = await meetingWithSuggestion(ALICE, carol, [0, 1, 1]);
    const byDashboard = await rpc<boolean>(service, 'confirm_speaker_match', {
      p_meeting_id: third,
      p_label: 'S1',
      p_speaker_id: carol,
    });
    expect(byDashboard.data).toBe(true);
    expect(await voiceprint(carol)).toEqual({ embedding: [0, 0.5, 1], sample_count: 2, meeting_ids: [third] });
  });
});

describe('reviewing suggestions (pending_speaker_suggestions, dismiss_speaker_suggestion)', () => {
  interface PendingRow {
    meeting_id: string;
    meeting_title: string | null;
    label: string;
    speaker_id: string;
    speaker_name: string | null;
    score: number | null;
    sample_text: string | null;
  }

  it('lists an open suggestion for the dashboard with what a person needs to decide, and to nobody else', async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    const meeting = await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    const listed = await rpc<PendingRow[]>(service, 'pending_speaker_suggestions', { p_limit: 100 });
    expect(listed.error).toBeNull();
    expect(listed.data?.find((row) => row.meeting_id === meeting)).toMatchObject({
      meeting_title: 'weekly',
      label: 'S1',
      speaker_id: dana,
      speaker_name: 'Dana',
      score: 3.1,
      // S1 said "Hi" and "Again", one second each: the first of the longest.
      sample_text: 'Hi',
    });
    expect(JSON.stringify(listed.data)).not.toContain('embedding');
    for (const client of [anon, alice]) {
      const refused = await rpc(client, 'pending_speaker_suggestions', { p_limit: 100 });
      expect([401, 403, 404]).toContain(refused.status);
    }
  });

  it("lets the meeting's owner turn a suggestion down: the speaker stays unlinked, the voiceprint untouched", async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    const meeting = await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    const args = { p_meeting_id: meeting, p_label: 'S1' };
    const fromBob = await rpc(bob, 'dismiss_speaker_suggestion', args);
    expect([401, 403]).toContain(fromBob.status);
    expect([401, 403, 404]).toContain((await rpc(anon, 'dismiss_speaker_suggestion', args)).status);

    expect((await rpc<boolean>(alice, 'dismiss_speaker_suggestion', args)).data).toBe(true);
    const speakers = await alice.from('meeting_speakers').select('label, speaker_id, match').eq('meeting_id', meeting);
    expect(speakers.data?.find((row) => row.label === 'S1')).toEqual({ label: 'S1', speaker_id: null, match: null });
    expect(await segmentLinks(meeting)).toEqual([null, null, null]);
    expect(await voiceprint(dana)).toEqual({ embedding: [1, 0, 0], sample_count: 1, meeting_ids: [] });
    const listed = await rpc<PendingRow[]>(service, 'pending_speaker_suggestions', { p_limit: 100 });
    expect(listed.data?.some((row) => row.meeting_id === meeting)).toBe(false);

    // Turned down, it can be neither turned down again nor confirmed afterwards.
    expect((await rpc<boolean>(alice, 'dismiss_speaker_suggestion', args)).data).toBe(false);
    const late = await rpc<boolean>(alice, 'confirm_speaker_match', { ...args, p_speaker_id: dana });
    expect(late.data).toBe(false);
  });
});

describe('who may review speakers and which voiceprints a meeting reaches (issue 15, items 8 and 9)', () => {
  it('refuses a caller whose request carries no claims unless it is the service role', async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    const meeting = await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    // A direct SQL session as `authenticated` without any JWT claims was once taken for the service role.
    const bare = await connectAs(stack.sql, 'authenticated');
    try {
      await expect(
        bare.query('select public.confirm_speaker_match($1, $2, $3)', [meeting, 'S1', dana]),
      ).rejects.toMatchObject({ code: '42501' });
      await expect(
        bare.query('select public.dismiss_speaker_suggestion($1, $2)', [meeting, 'S1']),
      ).rejects.toMatchObject({ code: '42501' });
    } finally {
      await bare.done();
    }
    // Claims with a subject but no role: the caller's own role (authenticated) decides, not a default.
    const noRole = withRole(stack.sql, 'authenticated', async (client) => {
      await client.query(`select set_config('request.jwt.claims', $1, false)`, [JSON.stringify({ sub: BOB })]);
      return client.query('select public.confirm_speaker_match($1, $2, $3)', [meeting, 'S1', dana]);
    });
    await expect(noRole).rejects.toMatchObject({ code: '42501' });
    expect(await voiceprint(dana)).toEqual({ embedding: [1, 0, 0], sample_count: 1, meeting_ids: [] });
    expect(await segmentLinks(meeting)).toEqual([null, null, null]);
    // The service role over SQL (the embedded dashboard's path has no claims either) still may.
    const bySql = await withRole(stack.sql, 'service_role', (client) =>
      client.query<{ ok: boolean }>('select public.confirm_speaker_match($1, $2, $3) as ok', [meeting, 'S1', dana]),
    );
    expect(bySql.rows[0]?.ok).toBe(true);
  });

  it("refuses another user's voiceprint listed as an attendee: no name copied, the voiceprint untouched", async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    const bobsPrint = await addVoiceprint(BOB, [0, 0, 1]);
    await stack.sql.query(`update public.speakers set name = 'Bob''s private label' where id = $1`, [bobsPrint]);
    const meeting = await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    await stack.sql.query('update public.meetings set attendee_ids = $2 where id = $1', [meeting, [bobsPrint]]);

    for (const client of [alice, service]) {
      const confirmed = await rpc<boolean>(client, 'confirm_speaker_match', {
        p_meeting_id: meeting,
        p_label: 'S1',
        p_speaker_id: bobsPrint,
      });
      expect(confirmed).toMatchObject({ data: false, error: null });
    }
    expect(await voiceprint(bobsPrint)).toEqual({ embedding: [0, 0, 1], sample_count: 1, meeting_ids: [] });
    const labels = await alice.from('meeting_speakers').select('label, speaker_id, name').eq('meeting_id', meeting);
    expect(JSON.stringify(labels.data)).not.toContain('private label');
    expect(JSON.stringify(labels.data)).not.toContain(bobsPrint);

    // Nor does the worker match the meeting against it.
    const library = await rpc<Array<{ id: string }>>(service, 'meeting_voiceprints', {
      p_meeting_id: meeting,
      p_embedding_model: MODEL,
    });
    expect(library.data?.map((row) => row.id)).toContain(dana);
    expect(library.data?.map((row) => row.id)).not.toContain(bobsPrint);
    // Bob's voiceprint stays his alone to read.
    expect((await alice.from('speakers').select('id').eq('id', bobsPrint)).data).toEqual([]);
    expect((await bob.from('speakers').select('id').eq('id', bobsPrint)).data).toEqual([{ id: bobsPrint }]);
  });

  it('erases the name of a deleted voiceprint, in its tombstone and in the meetings that showed it', async () => {
    const dana = await addVoiceprint(ALICE, [1, 0, 0]);
    const meeting = await meetingWithSuggestion(ALICE, dana, [0, 1, 0]);
    expect(
      (await rpc<boolean>(alice, 'confirm_speaker_match', { p_meeting_id: meeting, p_label: 'S1', p_speaker_id: dana }))
        .data,
    ).toBe(true);
    expect((await rpc<boolean>(service, 'delete_voiceprint', { p_speaker_id: dana })).data).toBe(true);
    const tombstone = await stack.sql.query('select name from public.speakers where id = $1', [dana]);
    expect(tombstone.rows).toEqual([{ name: null }]);
    const labels = await stack.sql.query(
      'select name, speaker_id from public.meeting_speakers where meeting_id = $1 and label = $2',
      [meeting, 'S1'],
    );
    expect(labels.rows).toEqual([{ name: null, speaker_id: null }]);
  });
});
