import type { WorkerEvent, WorkerState } from '../contract/events.js';

import type { WorkerService } from './worker-service.js';

/**
 * The worker service while it is still being prepared (GPU canary, model download: minutes on a first
 * start). The host answers `init` at once and hands out this stand-in: pause and resume before the
 * service exists are remembered and applied when it does, `run` waits for it, and everything else is
 * passed on once it is there. A first start then never looks like a hung worker to the supervisor.
 */
export function startingWorkerService(
  ready: Promise<WorkerService>,
  emit: (event: WorkerEvent) => void,
): WorkerService {
  let service: WorkerService | null = null;
  let paused = false;
  let stopped = false;
  ready.then(
    (prepared) => (service = prepared),
    () => undefined, // run() reports the failure
  );
  const earlyState = (): WorkerState => (stopped ? 'stopped' : paused ? 'paused' : 'starting');

  return {
    async run() {
      const prepared = await ready;
      if (stopped) return;
      if (paused) await prepared.pause();
      await prepared.run();
    },
    processMeeting: async (meetingId) => (await ready).processMeeting(meetingId),
    async pause() {
      if (service !== null) return service.pause();
      if (!paused) emit({ type: 'worker-state', state: 'paused', detail: 'still preparing; no meeting is claimed' });
      paused = true;
    },
    resume() {
      if (service !== null) {
        service.resume();
        return;
      }
      if (paused) emit({ type: 'worker-state', state: 'starting' });
      paused = false;
    },
    retryMeeting: async (meetingId) => (await ready).retryMeeting(meetingId),
    poll: () => service?.poll(), // before it runs, its first claim comes soon enough
    async stop() {
      if (service !== null) return service.stop();
      stopped = true;
      emit({ type: 'worker-state', state: 'stopped' });
    },
    state: () => (stopped ? 'stopped' : (service?.state() ?? earlyState())),
  };
}
