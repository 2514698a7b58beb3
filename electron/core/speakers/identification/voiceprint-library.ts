import type { SpeakerSuggestion } from '../../../contract/api.js';
import type { QueueFunctionCall } from '../../queue/meeting-queue.js';

/** One stored voiceprint: a person's mean embedding from one embedding model. */
export interface Voiceprint {
  speakerId: string;
  name: string | null;
  model: string;
  embedding: Float32Array;
  sampleCount: number;
  /** Listed in the meeting's attendee_ids. */
  attendee: boolean;
}

/**
 * The voiceprints a meeting may be matched against (its owner's and its attendees'). Both queue
 * backends reach it through the same SQL function (`meeting_voiceprints`, service role only), over
 * PostgREST for Supabase and in-process for PGlite, like the queue itself.
 */
export interface VoiceprintLibrary {
  forMeeting(meetingId: string, model: string): Promise<Voiceprint[]>;
  /** Erases a voiceprint for good (the row stays as a tombstone so nothing re-creates it). */
  remove(speakerId: string): Promise<boolean>;
  /**
   * A person confirms that meeting speaker `label` is voiceprint `speakerId` (the dashboard's side of
   * `confirm_speaker_match`): the voiceprint learns the meeting's voice and the segments link to it.
   */
  confirm(meetingId: string, label: string, speakerId: string): Promise<boolean>;
  /** A person says meeting speaker `label` is not the suggested voiceprint: it stays unlinked. */
  dismiss(meetingId: string, label: string): Promise<boolean>;
  /** The suggestions waiting for a person, newest first. */
  suggestions(limit: number): Promise<SpeakerSuggestion[]>;
}

interface SuggestionRow {
  meeting_id: string;
  meeting_title: string | null;
  label: string;
  speaker_id: string;
  speaker_name: string | null;
  first_heard_in: string | null;
  score: number | null;
  sample_text: string | null;
  suggested_at: string | Date;
}

function toSuggestion(row: SuggestionRow): SpeakerSuggestion {
  return {
    meetingId: row.meeting_id,
    meetingTitle: row.meeting_title,
    label: row.label,
    speakerId: row.speaker_id,
    speakerName: row.speaker_name,
    firstHeardIn: row.first_heard_in,
    score: row.score,
    sampleText: row.sample_text,
    // PGlite gives a Date, PostgREST an ISO string.
    suggestedAt: new Date(row.suggested_at).toISOString(),
  };
}

interface VoiceprintRow {
  id: string;
  name: string | null;
  embedding: unknown;
  embedding_model: string | null;
  sample_count: number;
  attendee: boolean | null;
}

function toVoiceprint(row: VoiceprintRow): Voiceprint | null {
  const values = row.embedding;
  if (!Array.isArray(values) || values.length === 0 || !values.every((v) => typeof v === 'number')) return null;
  let norm = 0;
  for (const v of values) norm += v * v;
  if (norm === 0 || row.embedding_model === null) return null;
  return {
    speakerId: row.id,
    name: row.name,
    model: row.embedding_model,
    // Stored as a running mean (not unit length): normalise so cosine is a plain dot product.
    embedding: Float32Array.from(values, (v) => v / Math.sqrt(norm)),
    sampleCount: row.sample_count,
    attendee: row.attendee === true,
  };
}

export function createVoiceprintLibrary(call: QueueFunctionCall): VoiceprintLibrary {
  return {
    async forMeeting(meetingId, model) {
      const rows = (await call(
        'meeting_voiceprints',
        { p_meeting_id: meetingId, p_embedding_model: model },
        'rows',
      )) as VoiceprintRow[];
      // The SQL already filters by model; checking again here keeps a foreign embedding out even if
      // a backend ignored the argument.
      return rows.map(toVoiceprint).filter((v): v is Voiceprint => v !== null && v.model === model);
    },
    async remove(speakerId) {
      return (await call('delete_voiceprint', { p_speaker_id: speakerId }, 'scalar')) === true;
    },
    async confirm(meetingId, label, speakerId) {
      const args = { p_meeting_id: meetingId, p_label: label, p_speaker_id: speakerId };
      return (await call('confirm_speaker_match', args, 'scalar')) === true;
    },
    async dismiss(meetingId, label) {
      const args = { p_meeting_id: meetingId, p_label: label };
      return (await call('dismiss_speaker_suggestion', args, 'scalar')) === true;
    },
    async suggestions(limit) {
      const rows = (await call('pending_speaker_suggestions', { p_limit: limit }, 'rows')) as SuggestionRow[];
      return rows.map(toSuggestion);
    },
  };
}
