import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { loadSpeakerEngine } from '../../electron/core/speakers/models/engine.js';
import { defaultSpeakerModelDir } from '../../electron/core/speakers/models/model-files.js';
import { createWorkerRuntime, type WorkerRuntime } from '../../electron/core/worker-runtime.js';
import { embedItem, itemSamples } from '../bench/speakers-pairs.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sampleRecording, sharedDir } from '../support/shared-data.js';

/**
 * The whole pipeline on the embedded queue: a known reader (LibriSpeech 1089, enrolled from ANOTHER
 * utterance) is recognised in the bundled sample recording; a voiceprint of another model version
 * and a deleted one are never used.
 */
describe('speakers through the embedded queue', () => {
  let runtime: WorkerRuntime;
  let tempDir = '';
  let meetingId = '';
  const known = '11111111-1111-4111-8111-111111111111';
  const otherModel = '22222222-2222-4222-8222-222222222222';
  const deleted = '33333333-3333-4333-8333-333333333333';

  const db = () => {
    if (runtime.embedded === null) throw new Error('expected the embedded queue');
    return runtime.embedded.db;
  };

  beforeAll(async () => {
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'pcw-speakers-queue-'));
    const settings = offlineSettings(tempDir, {
      whisperModel: 'Xenova/whisper-tiny',
      workerId: 'speakers-worker',
      pollingIntervalSeconds: 1,
    });
    runtime = await createWorkerRuntime(settings, {
      log: createLogger({ level: 'warn', console: false, secrets: [] }),
      emit: () => undefined,
    });
    const engine = await loadSpeakerEngine(defaultSpeakerModelDir());
    const enrolment = await embedItem(
      engine.embedder,
      itemSamples(path.join(sharedDir, 'data'), 'asr/audio/en/librispeech-test-clean/1089-134686-0001.flac'),
    );
    const embedding = JSON.stringify(Array.from(enrolment));
    await db().query(
      `insert into public.speakers (id, name, embedding, embedding_model, sample_count) values
         ($1, 'Reader 1089', $4::jsonb, 'campplus-zh-en', 1),
         ($2, 'Same voice, old model', $4::jsonb, 'campplus-zh-en@0', 1),
         ($3, 'Deleted voice', $4::jsonb, 'campplus-zh-en', 1)`,
      [known, otherModel, deleted, embedding],
    );
    expect(await runtime.voiceprints.remove(deleted)).toBe(true);
    if (runtime.embedded === null) throw new Error('expected the embedded queue');
    meetingId = await enqueueLocalRecording(runtime.embedded.db, runtime.embedded.bucketDir, sampleRecording.file);
    const running = runtime.service.run();
    const deadline = Date.now() + 240_000;
    for (;;) {
      const { rows } = await db().query<{ status: string }>('select status from public.meetings where id = $1', [
        meetingId,
      ]);
      if (rows[0]?.status === 'completed' || rows[0]?.status === 'failed') break;
      if (Date.now() > deadline) throw new Error('the meeting did not finish in time');
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    await runtime.service.stop();
    await running;
  }, 300_000);

  afterAll(async () => {
    await runtime.close();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it('completes the meeting with labelled segments and the known voice linked to its speakers row', async () => {
    const { rows: segments } = await db().query<{
      speaker_label: string | null;
      speaker_id: string | null;
      words: { speaker: string | null }[];
    }>('select speaker_label, speaker_id, words from public.transcript_segments where meeting_id = $1 order by seq', [
      meetingId,
    ]);
    expect(segments.length).toBeGreaterThan(0);
    for (const segment of segments) {
      expect(segment.speaker_label).toBe('S1');
      expect(segment.speaker_id).toBe(known);
      expect(segment.words.every((word) => word.speaker === 'S1')).toBe(true);
    }
    const { rows: labels } = await db().query(
      'select label, speaker_id, name, match, score from public.meeting_speakers where meeting_id = $1',
      [meetingId],
    );
    expect(labels).toEqual([
      expect.objectContaining({ label: 'S1', speaker_id: known, name: 'Reader 1089', match: 'auto' }),
    ]);
  });

  it('updates the matched voiceprint as a running mean and records the meeting', async () => {
    const { rows } = await db().query<{ id: string; sample_count: number; meeting_ids: string[] }>(
      'select id, sample_count, meeting_ids from public.speakers order by id',
    );
    expect(rows.find((row) => row.id === known)).toMatchObject({ sample_count: 2, meeting_ids: [meetingId] });
    expect(rows.find((row) => row.id === otherModel)).toMatchObject({ sample_count: 1, meeting_ids: [] });
  });

  it('never brings a deleted voiceprint back and never offers one of another model', async () => {
    const { rows } = await db().query<{ embedding: unknown; deleted_at: Date | null }>(
      'select embedding, deleted_at from public.speakers where id = $1',
      [deleted],
    );
    expect(rows[0]?.embedding).toBeNull();
    expect(rows[0]?.deleted_at).not.toBeNull();
    const library = await runtime.voiceprints.forMeeting(meetingId, 'campplus-zh-en');
    expect(library.map((print) => print.speakerId)).toEqual([known]);
    expect(await runtime.voiceprints.forMeeting(meetingId, 'campplus-zh-en@0')).toHaveLength(1);
  });
});
