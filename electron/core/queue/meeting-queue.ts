import type { SystemInfo, WorkerState } from '../../contract/events.js';
import type { MeetingResult } from '../../contract/meeting-result.js';
import type { Stage } from '../../contract/stages.js';

/** A meeting this worker holds a lease on. */
export interface ClaimedMeeting {
  id: string;
  title: string | null;
  audioPath: string | null;
  /** The owning user (meetings.user_id); their audio lives under `<ownerId>/` in the bucket. */
  ownerId: string | null;
  requestedLanguage: string | null;
  expectedSpeakers: number | null;
  attendeeIds: string[];
  attempt: number;
  maxAttempts: number;
}

export interface WorkerReport {
  workerId: string;
  name: string;
  state: Extract<WorkerState, 'paused'> | 'running' | 'offline';
  currentMeetingId: string | null;
  systemInfo: SystemInfo | null;
}

/**
 * The queue as the worker sees it. Both implementations call the same SQL functions (see
 * supabase/migrations): over PostgREST for Supabase, in-process for the embedded PGlite queue.
 * Lease-checked calls return false/null when another worker has taken the meeting over.
 */
export interface MeetingQueue {
  claimNext(workerId: string, leaseSeconds: number, onlyMeetingId?: string): Promise<ClaimedMeeting | null>;
  heartbeat(
    meetingId: string,
    workerId: string,
    stage: Stage,
    progress: number,
    leaseSeconds: number,
  ): Promise<boolean>;
  complete(meetingId: string, workerId: string, result: MeetingResult): Promise<boolean>;
  /** Returns the meeting's new status ('pending' when it will be retried, 'failed'), or null. */
  fail(meetingId: string, workerId: string, reason: string, retryable: boolean): Promise<string | null>;
  release(meetingId: string, workerId: string): Promise<boolean>;
  retry(meetingId: string): Promise<boolean>;
  reportWorker(report: WorkerReport): Promise<void>;
}

/** One SQL function call: named arguments in, rows (for set-returning functions) or a scalar out. */
export type QueueFunctionCall = (
  fn: string,
  args: Record<string, unknown>,
  returns: 'rows' | 'scalar',
) => Promise<unknown>;

interface MeetingRow {
  id: string;
  title: string | null;
  audio_path: string | null;
  user_id: string | null;
  requested_language: string | null;
  expected_speakers: number | null;
  attendee_ids: string[] | null;
  attempts: number;
  max_attempts: number;
}

function toClaimedMeeting(row: MeetingRow): ClaimedMeeting {
  return {
    id: row.id,
    title: row.title,
    audioPath: row.audio_path,
    ownerId: row.user_id,
    requestedLanguage: row.requested_language,
    expectedSpeakers: row.expected_speakers,
    attendeeIds: row.attendee_ids ?? [],
    attempt: row.attempts,
    maxAttempts: row.max_attempts,
  };
}

export function createMeetingQueue(call: QueueFunctionCall): MeetingQueue {
  return {
    async claimNext(workerId, leaseSeconds, onlyMeetingId) {
      const rows = (await call(
        'claim_next_meeting',
        { p_worker_id: workerId, p_lease_seconds: leaseSeconds, p_meeting_id: onlyMeetingId ?? null },
        'rows',
      )) as MeetingRow[];
      const row = rows[0];
      return row === undefined ? null : toClaimedMeeting(row);
    },
    async heartbeat(meetingId, workerId, stage, progress, leaseSeconds) {
      const args = {
        p_meeting_id: meetingId,
        p_worker_id: workerId,
        p_stage: stage,
        p_progress: progress,
        p_lease_seconds: leaseSeconds,
      };
      return (await call('heartbeat_meeting', args, 'scalar')) === true;
    },
    async complete(meetingId, workerId, result) {
      const args = { p_meeting_id: meetingId, p_worker_id: workerId, p_result: result };
      return (await call('complete_meeting', args, 'scalar')) === true;
    },
    async fail(meetingId, workerId, reason, retryable) {
      const args = { p_meeting_id: meetingId, p_worker_id: workerId, p_reason: reason, p_retryable: retryable };
      const status = await call('fail_meeting', args, 'scalar');
      return typeof status === 'string' ? status : null;
    },
    async release(meetingId, workerId) {
      return (await call('release_meeting', { p_meeting_id: meetingId, p_worker_id: workerId }, 'scalar')) === true;
    },
    async retry(meetingId) {
      return (await call('retry_meeting', { p_meeting_id: meetingId }, 'scalar')) === true;
    },
    async reportWorker(report) {
      await call(
        'report_worker',
        {
          p_worker_id: report.workerId,
          p_name: report.name,
          p_state: report.state,
          p_current_meeting_id: report.currentMeetingId,
          p_system_info: report.systemInfo ?? {},
        },
        'scalar',
      );
    },
  };
}
