import path from 'node:path';

import type { SupabaseClient } from '@supabase/supabase-js';

import { audioMimeTypes, transcriptQuerySchema, type MeetingEditor } from '../../contract/meeting-edits.js';
import type { Logger } from '../log/logger.js';
import { assertSafeObjectPath, encodeObjectPath } from '../storage/object-path.js';
import { assertSupabaseOrigin } from '../storage/supabase-audio-store.js';

import { toTranscriptHit, type TranscriptHitRow } from './meeting-rows.js';

/** Long enough to listen to a 3-hour meeting with pauses; each open of the meeting signs anew. */
const playerUrlSeconds = 4 * 3600;

export interface SupabaseEditorOptions {
  bucket: string;
  /** The configured project URL: a signed URL must point at its origin. */
  supabaseUrl: string;
  log: Logger;
}

/**
 * A person's changes to meetings on Supabase, through the same SQL functions the embedded library
 * calls (granted to the service role only), and the recording for the player as a signed Storage URL.
 */
export function supabaseMeetingEditor(client: SupabaseClient, options: SupabaseEditorOptions): MeetingEditor {
  const call = async <T>(fn: string, args: Record<string, unknown>): Promise<T> => {
    const response = await client.rpc(fn, args);
    if (response.error !== null) throw new Error(`Supabase refused ${fn}: ${response.error.message}`);
    return response.data as T;
  };
  const storage = () => client.storage.from(options.bucket);
  const meetingAudioRow = async (
    meetingId: string,
  ): Promise<{ audio_path: string | null; user_id: string | null } | null> => {
    const { data, error } = await client
      .from('meetings')
      .select('audio_path, user_id')
      .eq('id', meetingId)
      .maybeSingle();
    if (error !== null) throw new Error(`Could not read the meeting from Supabase: ${error.message}`);
    return data;
  };
  const safePath = (objectPath: string, ownerId: string | null): string | null => {
    try {
      return assertSafeObjectPath(objectPath, ownerId);
    } catch {
      return null;
    }
  };
  return {
    async renameSpeaker(meetingId, label, name) {
      return await call<boolean>('rename_meeting_speaker', { p_meeting_id: meetingId, p_label: label, p_name: name });
    },
    async correctSegment(meetingId, segment, text) {
      return await call<boolean>('correct_transcript_segment', {
        p_meeting_id: meetingId,
        p_seq: segment,
        p_text: text,
      });
    },
    async deleteMeeting(meetingId) {
      const before = await meetingAudioRow(meetingId);
      const audioPath = await call<string | null>('delete_meeting', { p_meeting_id: meetingId });
      if (audioPath === null) {
        return {
          deleted: false,
          reason:
            before === null
              ? 'That meeting is no longer in the library.'
              : 'The meeting is being processed; wait until it is done, then delete it.',
        };
      }
      // The rows are gone; the recording in Storage goes with them, or it would stay there unseen. Only
      // a path inside the meeting owner's folder: a row must not make the worker delete another's file.
      const objectPath = audioPath === '' ? null : safePath(audioPath, before?.user_id ?? null);
      const removed = objectPath === null ? null : await storage().remove([objectPath]);
      if (objectPath === null || (removed !== null && removed.error !== null))
        options.log.warn('the deleted meeting’s recording was not removed from Storage', {
          meetingId,
          reason: objectPath === null ? 'no safe object path' : (removed?.error?.message ?? ''),
        });
      return { deleted: true };
    },
    async searchTranscripts(query, limit = 50) {
      const rows = await call<TranscriptHitRow[]>('search_transcripts', {
        p_query: transcriptQuerySchema.parse(query),
        p_limit: limit,
      });
      return rows.map(toTranscriptHit);
    },
    async audio(meetingId) {
      const row = await meetingAudioRow(meetingId);
      const objectPath = row?.audio_path == null ? null : safePath(row.audio_path, row.user_id);
      if (objectPath === null) return null;
      const signed = await storage().createSignedUrl(encodeObjectPath(objectPath), playerUrlSeconds);
      if (signed.error !== null) {
        options.log.warn('could not sign the recording for the player', { meetingId, reason: signed.error.message });
        return null;
      }
      const url = assertSupabaseOrigin(signed.data.signedUrl, options.supabaseUrl).toString();
      const mimeType = audioMimeTypes[path.extname(objectPath).toLowerCase()] ?? 'application/octet-stream';
      return { kind: 'signed-url', url, mimeType };
    },
  };
}
