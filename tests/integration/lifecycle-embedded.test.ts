import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import { describeMeetingLifecycle, type MeetingRow, type SegmentRow } from '../support/lifecycle-suite.js';

describeMeetingLifecycle('meeting lifecycle on the embedded local queue (PGlite)', () => {
  let db: PGlite | null = null;
  let bucketDir = '';
  const database = (): PGlite => {
    if (db === null) throw new Error('runtime not attached');
    return db;
  };
  return Promise.resolve({
    settings: {},
    attach(runtime) {
      if (runtime.embedded === null) throw new Error('expected the embedded queue');
      db = runtime.embedded.db;
      bucketDir = runtime.embedded.bucketDir;
    },
    async putAudio(objectPath, bytes) {
      const file = path.resolve(bucketDir, objectPath);
      if (!file.startsWith(bucketDir)) return; // a traversal path must never be written outside the bucket
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, bytes);
    },
    async insertMeeting(title, audioPath) {
      const result = await database().query<{ id: string }>(
        'insert into public.meetings (title, audio_path) values ($1, $2) returning id',
        [title, audioPath],
      );
      return result.rows[0]?.id ?? '';
    },
    async meeting(id) {
      const result = await database().query<MeetingRow>(
        'select status, error_message, attempts, processed_by, language, duration_sec from public.meetings where id = $1',
        [id],
      );
      const row = result.rows[0];
      if (row === undefined) throw new Error(`meeting ${id} not found`);
      return row;
    },
    async segments(id) {
      const result = await database().query<SegmentRow>(
        'select seq, text, start_time, end_time from public.transcript_segments where meeting_id = $1 order by seq',
        [id],
      );
      return result.rows;
    },
    close: () => Promise.resolve(),
  });
});
