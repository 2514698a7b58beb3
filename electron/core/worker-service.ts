import type { SystemInfo, WorkerEvent, WorkerState } from '../contract/events.js';

import type { Logger } from './log/logger.js';
import { checkMachine } from './machine-check.js';
import { startMeetingJob, type MeetingJob, type MeetingOutcome } from './meeting-job.js';
import type { PipelineConfig } from './pipeline/run-meeting.js';
import { sweepWorkFolders } from './pipeline/work-folder.js';
import type { MeetingQueue } from './queue/meeting-queue.js';
import { withRetry } from './retry.js';

export interface WorkerServiceDeps {
  queue: MeetingQueue;
  pipeline: PipelineConfig;
  workerId: string;
  workerName: string;
  maxConcurrentJobs: number;
  pollingIntervalSeconds: number;
  leaseSeconds: number;
  systemInfo: SystemInfo;
  log: Logger;
  emit: (event: WorkerEvent) => void;
}

export interface WorkerService {
  /** Polls and processes until stop(); resolves when stopped. */
  run(): Promise<void>;
  /** Processes exactly one meeting (the CLI's `process`), without polling. */
  processMeeting(meetingId: string): Promise<MeetingOutcome>;
  pause(): Promise<void>;
  resume(): void;
  retryMeeting(meetingId: string): Promise<boolean>;
  /** Looks at the queue now instead of at the next poll (a recording was just added here). */
  poll(): void;
  /** Stops claiming, hands running meetings back (their leases are released), reports offline. */
  stop(): Promise<void>;
  state(): WorkerState;
}

/** A sleep that pause/resume/stop or a finished meeting can cut short. */
function createWakeSignal(): { sleep(ms: number): Promise<void>; wake(): void } {
  let wakeUp: (() => void) | null = null;
  return {
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wakeUp = null;
          resolve();
        }, ms);
        wakeUp = () => {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        };
      }),
    wake: () => wakeUp?.(),
  };
}

export function createWorkerService(deps: WorkerServiceDeps): WorkerService {
  const log = deps.log.child('worker');
  const jobs = new Map<string, MeetingJob>();
  const wake = createWakeSignal();
  let state: WorkerState = 'starting';
  let stopping = false;

  const setState = (next: WorkerState, detail?: string): void => {
    if (next === state) return;
    state = next;
    deps.emit({ type: 'worker-state', state: next, ...(detail === undefined ? {} : { detail }) });
  };
  const sendReport = async (): Promise<void> => {
    const dbState = stopping ? 'offline' : state === 'paused' ? 'paused' : 'running';
    const current = jobs.keys().next();
    await deps.queue
      .reportWorker({
        workerId: deps.workerId,
        name: deps.workerName,
        state: dbState,
        currentMeetingId: current.done === true ? null : current.value,
        systemInfo: deps.systemInfo,
      })
      .catch((error: unknown) => log.warn('could not report worker status', { reason: (error as Error).message }));
  };
  // Reports go out one after another, each reading the state when it is sent: two in flight at once
  // (the poll loop's and stop()'s) could land out of order and leave a stopped worker 'running'.
  let reporting = Promise.resolve();
  const report = (): Promise<void> => (reporting = reporting.then(sendReport));
  const jobDeps = { ...deps, log };

  const track = (job: MeetingJob): Promise<MeetingOutcome> => {
    jobs.set(job.meeting.id, job);
    setState('working');
    deps.emit({
      type: 'meeting-claimed',
      meetingId: job.meeting.id,
      title: job.meeting.title,
      attempt: job.meeting.attempt,
    });
    return job.done
      .then((outcome) => {
        if ('machineProblem' in outcome) pauseForMachine(outcome.machineProblem);
        return outcome;
      })
      .catch((error: unknown): MeetingOutcome => {
        log.error('could not record the meeting outcome; its lease will expire and it will be retried', {
          reason: (error as Error).message,
        });
        return { outcome: 'retrying', message: (error as Error).message };
      })
      .finally(() => {
        jobs.delete(job.meeting.id);
        if (jobs.size === 0 && state === 'working') setState('idle');
        wake.wake();
        void report();
      });
  };

  // Shown on the dashboard and the tray (worker-state detail) and logged; a person resumes once fixed.
  const pauseForMachine = (reason: string): void => {
    log.error(`Paused: ${reason}`);
    setState('paused', reason);
    void releaseAll().then(report);
  };

  const claimWhileFree = async (): Promise<void> => {
    while (!stopping && state !== 'paused' && jobs.size < deps.maxConcurrentJobs) {
      const meeting = await withRetry(() => deps.queue.claimNext(deps.workerId, deps.leaseSeconds), {
        what: 'claim a meeting',
        log,
      });
      if (meeting === null) return;
      void track(startMeetingJob(meeting, jobDeps));
    }
  };

  const releaseAll = async (): Promise<void> => {
    const running = [...jobs.values()];
    for (const job of running) job.stop('release');
    await Promise.allSettled(running.map((job) => job.done));
  };

  return {
    async run() {
      // Before the first claim: what crashed runs left behind goes, what a resume needs stays.
      await sweepWorkFolders(deps.pipeline.audioTempDir, { log }).catch((error: unknown) =>
        log.warn('could not clean the temp folder', { reason: (error as Error).message }),
      );
      if (state !== 'paused') setState('idle'); // a pause asked for while the worker was preparing holds
      const problem = await checkMachine(deps.pipeline).catch((error: unknown) => (error as Error).message);
      if (problem !== null) pauseForMachine(problem);
      log.info('worker started', {
        id: deps.workerId,
        backend: deps.systemInfo.backend,
        concurrency: deps.maxConcurrentJobs,
      });
      await report();
      while (!stopping) {
        try {
          await claimWhileFree();
          if (state === 'error') setState(jobs.size > 0 ? 'working' : 'idle');
        } catch (error) {
          setState('error', (error as Error).message);
          log.error('polling failed; will try again', { reason: (error as Error).message });
        }
        await wake.sleep(deps.pollingIntervalSeconds * 1000);
        await report();
      }
    },
    async processMeeting(meetingId) {
      const meeting = await withRetry(() => deps.queue.claimNext(deps.workerId, deps.leaseSeconds, meetingId), {
        what: 'claim the meeting',
        log,
      });
      if (meeting === null) throw new Error(`Meeting ${meetingId} is not waiting to be processed.`);
      return track(startMeetingJob(meeting, jobDeps));
    },
    async pause() {
      if (state !== 'paused') {
        const releasing = jobs.size === 0 ? '' : `; releasing ${String(jobs.size)} meeting(s) for later`;
        log.info(`Paused: no new meetings are claimed${releasing}.`);
      }
      setState('paused');
      await releaseAll();
      await report();
    },
    resume() {
      if (state !== 'paused') return;
      log.info('Resumed: claiming meetings again.');
      setState(jobs.size > 0 ? 'working' : 'idle');
      wake.wake();
    },
    retryMeeting: (meetingId) => withRetry(() => deps.queue.retry(meetingId), { what: 'retry the meeting', log }),
    poll: () => wake.wake(),
    async stop() {
      if (stopping) return;
      stopping = true;
      setState('stopping');
      wake.wake();
      await releaseAll();
      await report();
      setState('stopped');
    },
    state: () => state,
  };
}
