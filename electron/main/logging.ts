import log from 'electron-log/main';

import type { WorkerEvent } from '../contract/events.js';

/** Rotates at 10 MB (electron-log keeps one previous file, main.old.log); files go in the user-data logs folder. */
export function setUpLogging(logsDir: string): typeof log {
  log.transports.file.resolvePathFn = (variables) => `${logsDir}/${variables.fileName ?? 'main.log'}`;
  log.transports.file.maxSize = 10 * 1024 * 1024;
  log.transports.file.level = 'info';
  log.initialize();
  return log;
}

/** The worker's log lines arrive as events; one logger (electron-log) writes them beside main's own. */
export function logWorkerEvent(logger: typeof log, event: WorkerEvent): void {
  if (event.type !== 'log') return;
  logger.scope(event.logger)[event.level](event.message);
}
