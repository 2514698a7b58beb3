import type { SystemInfo, WorkerState } from '../../contract/events.js';
import type { MeetingResult } from '../../contract/meeting-result.js';
import type { Stage } from '../../contract/stages.js';

/**
 * Proof of one claim. Every lease-checked call presents it: the worker id alone cannot tell two
 * processes apart that share one (the desktop app and the CLI both default to `pc-<hostname>`).
 */
export interface Lease {
  meetingId: string;
  workerId: string;
  /** Random per claim (meetings.lease_token); a later claim of the same meeting gets another. */
  token: string;
}

/** A meeting this worker holds a lease on. */
export interface ClaimedMeeting {
  id: string;
  lease: Lease;
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
  heartbeat(lease: Lease, stage: Stage, progress: number, leaseSeconds: number): Promise<boolean>;
  complete(lease: Lease, result: MeetingResult): Promise<boolean>;
  /** Whether this lease's result is saved: tells a lost reply to `complete` from a lost lease. */
  completedByLease(lease: Lease): Promise<boolean>;
  /** Returns the meeting's new status ('pending' when it will be retried, 'failed'), or null. */
  fail(lease: Lease, reason: string, retryable: boolean): Promise<string | null>;
  release(lease: Lease): Promise<boolean>;
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
  lease_token: string;
  title: string | null;
  audio_path: string | null;
  user_id: string | null;
  requested_language: string | null;
  expected_speakers: number | null;
  attendee_ids: string[] | null;
  attempts: number;
  max_attempts: number;
}

function toClaimedMeeting(row: MeetingRow, workerId: string): ClaimedMeeting {
  return {
    id: row.id,
    lease: { meetingId: row.id, workerId, token: row.lease_token },
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

const leaseArgs = (lease: Lease) => ({
  p_meeting_id: lease.meetingId,
  p_worker_id: lease.workerId,
  p_lease_token: lease.token,
});

export function createMeetingQueue(call: QueueFunctionCall): MeetingQueue {
  return {
    async claimNext(workerId, leaseSeconds, onlyMeetingId) {
      const rows = (await call(
        'claim_next_meeting',
        { p_worker_id: workerId, p_lease_seconds: leaseSeconds, p_meeting_id: onlyMeetingId ?? null },
        'rows',
      )) as MeetingRow[];
      const row = rows[0];
      return row === undefined ? null : toClaimedMeeting(row, workerId);
    },
    async heartbeat(lease, stage, progress, leaseSeconds) {
      const args = { ...leaseArgs(lease), p_stage: stage, p_progress: progress, p_lease_seconds: leaseSeconds };
      return (await call('heartbeat_meeting', args, 'scalar')) === true;
    },
    async complete(lease, result) {
      return (await call('complete_meeting', { ...leaseArgs(lease), p_result: result }, 'scalar')) === true;
    },
    async completedByLease(lease) {
      const args = { p_meeting_id: lease.meetingId, p_lease_token: lease.token };
      return (await call('meeting_completed_by_lease', args, 'scalar')) === true;
    },
    async fail(lease, reason, retryable) {
      const args = { ...leaseArgs(lease), p_reason: reason, p_retryable: retryable };
      const status = await call('fail_meeting', args, 'scalar');
      return typeof status === 'string' ? status : null;
    },
    async release(lease) {
      return (await call('release_meeting', leaseArgs(lease), 'scalar')) === true;
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
