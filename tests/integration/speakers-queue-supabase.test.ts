import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../electron/core/log/logger.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/models/model-files.js';
import { createWorkerRuntime, type WorkerRuntime } from '../../electron/core/worker-runtime.js';
import { embedItem, itemSamples } from '../bench/speakers-pairs.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sharedDir } from '../support/shared-data.js';
import { supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

/**
 * The whole pipeline through the Supabase queue (PostgreSQL + PostgREST + Storage + gateway): the
 * web app uploads a two-person AMI excerpt (MEO069 talks 28.9 s, MEE067 1.2 s) and inserts the
 * meeting; its owner's library holds MEO069's voiceprint, enrolled from ANOTHER excerpt (trn00).
 * The worker must label every segment and link MEO069's segments to that voiceprint.
 */
describe('speakers through the Supabase queue', () => {
  const owner = '0a0a0a0a-0000-4000-8000-00000000a11c';
  const data = path.join(sharedDir, 'data');
  let stack: SupabaseStack;
  let runtime: WorkerRuntime;
  let tempDir = '';
  let meetingId = '';
  let known = '';

  beforeAll(async () => {
    stack = await startSupabaseStack();
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'pcw-speakers-supabase-'));
    const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
    const enrolment = await embedItem(engine.embedder, itemSamples(data, 'diarization/ami_excerpt_trn00.wav#MEO069'));
    const { rows } = await stack.sql.query<{ id: string }>(
      `insert into public.speakers (name, embedding, embedding_model, sample_count, user_id)
       values ('MEO069', $1::jsonb, $2, 1, $3) returning id`,
      [JSON.stringify(Array.from(enrolment)), engine.embedder.modelId, owner],
    );
    known = rows[0]?.id ?? '';

    const webApp = supabaseClient(stack.url, stack.serviceKey);
    const audio = readFileSync(path.join(data, 'diarization', 'ami_excerpt_trn03.wav'));
    const upload = await webApp.storage.from(MEETING_AUDIO_BUCKET).upload(`${owner}/trn03.wav`, audio);
    expect(upload.error).toBeNull();
    const inserted = await webApp
      .from('meetings')
      .insert({ title: 'Design review', audio_path: `${owner}/trn03.wav`, user_id: owner, requested_language: 'en' })
      .select('id')
      .single();
    expect(inserted.error).toBeNull();
    meetingId = (inserted.data as { id: string }).id;

    const settings = offlineSettings(tempDir, {
      whisperModel: 'Xenova/whisper-tiny',
      workerId: 'speakers-supabase-worker',
      pollingIntervalSeconds: 1,
      supabaseUrl: stack.url,
      supabaseKey: stack.serviceKey,
    });
    runtime = await createWorkerRuntime(settings, {
      log: createLogger({ level: 'warn', console: false, secrets: [stack.serviceKey] }),
      emit: () => undefined,
    });
    const running = runtime.service.run();
    const deadline = Date.now() + 400_000;
    for (;;) {
      const status = await stack.sql.query<{ status: string }>('select status from public.meetings where id = $1', [
        meetingId,
      ]);
      if (['completed', 'failed'].includes(status.rows[0]?.status ?? '')) break;
      if (Date.now() > deadline) throw new Error('the meeting did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await runtime.service.stop();
    await running;
  }, 480_000);

  afterAll(async () => {
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await runtime?.close();
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- undefined when beforeAll failed
    await stack?.stop();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it('completes the meeting with every segment labelled and the known voice linked to its speakers row', async () => {
    const { rows: meeting } = await stack.sql.query<{ status: string; error_message: string | null }>(
      'select status, error_message from public.meetings where id = $1',
      [meetingId],
    );
    expect(meeting[0]).toEqual({ status: 'completed', error_message: null });
    const { rows: labels } = await stack.sql.query<{ label: string; speaker_id: string | null; match: string }>(
      'select label, speaker_id, match from public.meeting_speakers where meeting_id = $1 order by label',
      [meetingId],
    );
    const knownLabel = labels.find((l) => l.speaker_id === known);
    expect(knownLabel).toMatchObject({ match: 'auto' });
    const { rows: segments } = await stack.sql.query<{
      speaker_label: string | null;
      speaker_id: string | null;
      words: { speaker: string | null }[];
    }>('select speaker_label, speaker_id, words from public.transcript_segments where meeting_id = $1 order by seq', [
      meetingId,
    ]);
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) {
      expect(labels.map((l) => l.label)).toContain(segment.speaker_label);
      expect(segment.words.every((word) => word.speaker === segment.speaker_label)).toBe(true);
      if (segment.speaker_label === knownLabel?.label) expect(segment.speaker_id).toBe(known);
      else expect(segment.speaker_id).not.toBe(known);
    }
    // MEO069 says 96 % of the words: most segments are theirs.
    const theirs = segments.filter((s) => s.speaker_id === known).length;
    expect(theirs / segments.length).toBeGreaterThan(0.5);
  });

  it('teaches the voiceprint this meeting (running mean, one more sample, meeting listed)', async () => {
    const { rows } = await stack.sql.query<{ sample_count: number; meeting_ids: string[] }>(
      'select sample_count, meeting_ids from public.speakers where id = $1',
      [known],
    );
    expect(rows[0]).toEqual({ sample_count: 2, meeting_ids: [meetingId] });
  });
});
