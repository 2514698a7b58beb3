import type { WorkerEvent } from '../contract/events.js';
import type { MeetingResult } from '../contract/meeting-result.js';
import type { Stage } from '../contract/stages.js';

import { CancelledError, toWorkerError } from './errors.js';
import type { Logger } from './log/logger.js';
import { machineProblem } from './machine-problem.js';
import { runMeeting, type PipelineConfig } from './pipeline/run-meeting.js';
import { createProgressThrottle } from './progress-throttle.js';
import type { ClaimedMeeting, MeetingQueue } from './queue/meeting-queue.js';
import { withRetry } from './retry.js';

export type MeetingOutcome =
  | { outcome: 'completed'; result: MeetingResult }
  | { outcome: 'failed' | 'retrying'; message: string }
  | { outcome: 'released' | 'lease-lost' }
  /** Handed back because this machine cannot process meetings now (no attempt spent); the worker pauses. */
  | { outcome: 'released'; machineProblem: string };

export interface MeetingJobDeps {
  queue: MeetingQueue;
  pipeline: PipelineConfig;
  leaseSeconds: number;
  log: Logger;
  emit: (event: WorkerEvent) => void;
}

/** A running meeting: abort it with a reason (pause/shutdown release it; a lost lease writes nothing). */
export interface MeetingJob {
  meeting: ClaimedMeeting;
  stage: Stage;
  progress: number;
  stop(reason: 'release'): void;
  done: Promise<MeetingOutcome>;
}

const progressIntervalMs = 250;

export function startMeetingJob(meeting: ClaimedMeeting, deps: MeetingJobDeps): MeetingJob {
  const log = deps.log.child(`meeting-${meeting.id.slice(0, 8)}`);
  const controller = new AbortController();
  let stopReason: 'release' | 'lease-lost' | null = null;
  const job: MeetingJob = {
    meeting,
    stage: 'queued',
    progress: 0,
    stop: (reason) => {
      stopReason ??= reason;
      controller.abort();
    },
    done: Promise.resolve({ outcome: 'released' }),
  };

  const heartbeat = setInterval(
    () => {
      deps.queue
        .heartbeat(meeting.lease, job.stage, job.progress, deps.leaseSeconds)
        .then((held) => {
          if (!held && stopReason === null) {
            log.warn('lease lost: another worker took this meeting over; stopping without saving');
            stopReason = 'lease-lost';
            controller.abort();
          }
        })
        .catch((error: unknown) => log.warn('heartbeat failed; will try again', { reason: (error as Error).message }));
    },
    (deps.leaseSeconds * 1000) / 3,
  );

  const reportProgress = createProgressThrottle(progressIntervalMs, (stage, progress) =>
    deps.emit({ type: 'meeting-progress', meetingId: meeting.id, stage, progress }),
  );
  const retryOptions = (what: string) => ({ what, log });
  // The outcome of minutes of work is worth waiting for: a database restart or a PostgREST outage of
  // up to half a minute must not throw a finished transcript away (heartbeats go on meanwhile).
  const outcomeRetry = (what: string) => ({ what, log, attempts: 7, minDelayMs: 500 });

  // complete_meeting refuses a lease it has already completed: when the reply to an earlier try was lost
  // (a retry then sees `false`), the transcript is saved and the lease was not lost.
  const savedBefore = async (): Promise<boolean> => {
    const saved = await withRetry(() => deps.queue.completedByLease(meeting.lease), retryOptions('check the save'));
    if (saved) log.info('the transcript was saved: the reply to an earlier try was lost, not the lease');
    return saved;
  };

  const run = async (): Promise<MeetingOutcome> => {
    log.info('processing started', { attempt: meeting.attempt, of: meeting.maxAttempts });
    try {
      const result = await runMeeting(meeting, deps.pipeline, {
        meetingId: meeting.id,
        signal: controller.signal,
        log,
        progress: (stage, fraction) => {
          job.stage = stage;
          job.progress = fraction;
          reportProgress(stage, fraction);
        },
        segment: (segment) => deps.emit({ type: 'meeting-segment', meetingId: meeting.id, segment }),
        recordingLength: (durationSec) => deps.emit({ type: 'meeting-length', meetingId: meeting.id, durationSec }),
      });
      job.stage = 'save';
      reportProgress('save', 0);
      if (stopReason === 'lease-lost') return { outcome: 'lease-lost' };
      const saved = await withRetry(
        () => deps.queue.complete(meeting.lease, result),
        outcomeRetry('save the transcript'),
      );
      if (!saved && !(await savedBefore())) {
        log.warn('lease lost before the transcript could be saved: another worker holds this meeting now');
        return { outcome: 'lease-lost' };
      }
      reportProgress('save', 1);
      return { outcome: 'completed', result };
    } catch (caught) {
      if (stopReason === 'lease-lost') return { outcome: 'lease-lost' };
      if (stopReason === 'release' && (caught instanceof CancelledError || controller.signal.aborted)) {
        await withRetry(() => deps.queue.release(meeting.lease), retryOptions('release the meeting'));
        return { outcome: 'released' };
      }
      const machine = machineProblem(caught);
      if (machine !== null) {
        log.error('this machine cannot process meetings now; handing the meeting back', { reason: machine.message });
        await withRetry(() => deps.queue.release(meeting.lease), outcomeRetry('release the meeting'));
        return { outcome: 'released', machineProblem: machine.message };
      }
      const error = toWorkerError(caught, 'Processing failed unexpectedly; it will be retried.');
      log.error('processing failed', { code: error.code, retryable: error.retryable, reason: error.message });
      if (error.cause instanceof Error) log.debug('cause', { detail: error.cause.message });
      const status = await withRetry(
        () => deps.queue.fail(meeting.lease, error.message, error.retryable),
        outcomeRetry('record the failure'),
      );
      if (status === null) return { outcome: 'lease-lost' };
      return { outcome: status === 'pending' ? 'retrying' : 'failed', message: error.message };
    } finally {
      clearInterval(heartbeat);
    }
  };

  job.done = run().then((outcome) => {
    const message = 'message' in outcome ? outcome.message : undefined;
    const durationSec = outcome.outcome === 'completed' ? outcome.result.durationSec : undefined;
    deps.emit({
      type: 'meeting-finished',
      meetingId: meeting.id,
      outcome: outcome.outcome,
      ...(message === undefined ? {} : { message }),
      ...(durationSec === undefined ? {} : { durationSec }),
    });
    log.info('processing ended', { outcome: outcome.outcome });
    return outcome;
  });
  return job;
}
