import { describe, expect, it } from 'vitest';

import type { SystemInfo } from '../../../electron/contract/events.js';
import { createLogger } from '../../../electron/core/log/logger.js';
import type { PipelineConfig } from '../../../electron/core/pipeline/run-meeting.js';
import type { MeetingQueue, WorkerReport } from '../../../electron/core/queue/meeting-queue.js';
import { createWorkerService } from '../../../electron/core/worker-service.js';

/**
 * The `workers` row a dashboard reads must end as the worker's last word. A queue whose first report
 * is slow (a database under load) stands in for the real one: only reportWorker is reached by pause()
 * and stop() with no meeting running; any other call fails the test.
 */
describe("the worker's status row", () => {
  it('says offline after stop(), even when an earlier report is still on its way', async () => {
    const stored: WorkerReport['state'][] = [];
    let calls = 0;
    const queue = new Proxy({} as MeetingQueue, {
      get: (_target, method) => {
        if (method !== 'reportWorker') throw new Error(`unexpected queue call ${String(method)}`);
        return async (report: WorkerReport) => {
          const delayMs = calls++ === 0 ? 300 : 10;
          await new Promise((resolve) => setTimeout(resolve, delayMs));
          stored.push(report.state);
        };
      },
    });
    const service = createWorkerService({
      queue,
      pipeline: {} as PipelineConfig,
      workerId: 'w1',
      workerName: 'Test',
      maxConcurrentJobs: 1,
      pollingIntervalSeconds: 10,
      leaseSeconds: 30,
      systemInfo: {} as SystemInfo,
      log: createLogger({ level: 'error', console: false, secrets: [] }),
      emit: () => undefined,
    });
    const paused = service.pause();
    await new Promise((resolve) => setTimeout(resolve, 50)); // pause()'s report is on its way
    await service.stop();
    await paused;
    expect(stored).toEqual(['paused', 'offline']);
  });
});
