import { describeMeetingLifecycle, type MeetingRow, type SegmentRow } from '../support/lifecycle-suite.js';
import { supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack } from '../support/stack/stack.js';

describeMeetingLifecycle('meeting lifecycle on Supabase (PostgreSQL + PostgREST + Storage API + gateway)', async () => {
  const stack = await startSupabaseStack();
  // The web app's side: it uploads with supabase-js and inserts the meeting row.
  const webApp = supabaseClient(stack.url, stack.serviceKey);
  return {
    settings: { supabaseUrl: stack.url, supabaseKey: stack.serviceKey },
    attach: () => undefined,
    async putAudio(objectPath, bytes) {
      const { error } = await webApp.storage.from(MEETING_AUDIO_BUCKET).upload(objectPath, bytes, { upsert: true });
      if (error !== null && !objectPath.startsWith('..')) throw error;
    },
    async insertMeeting(title, audioPath) {
      const { data, error } = await webApp
        .from('meetings')
        .insert({ title, audio_path: audioPath })
        .select('id')
        .single();
      if (error !== null) throw error;
      const row: { id: string } = data;
      return row.id;
    },
    async meeting(id) {
      const result = await stack.sql.query<MeetingRow>(
        'select status, error_message, attempts, processed_by, language, duration_sec from public.meetings where id = $1',
        [id],
      );
      const row = result.rows[0];
      if (row === undefined) throw new Error(`meeting ${id} not found`);
      return row;
    },
    async segments(id) {
      const result = await stack.sql.query<SegmentRow>(
        'select seq, text, start_time, end_time from public.transcript_segments where meeting_id = $1 order by seq',
        [id],
      );
      return result.rows;
    },
    close: () => stack.stop(),
  };
});
