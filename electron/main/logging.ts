import { mkdirSync } from 'node:fs';

import log from 'electron-log/main';

import type { WorkerEvent } from '../contract/events.js';
import { logText } from '../contract/live-view.js';

/** Rotates at 10 MB (electron-log keeps one previous file, main.old.log); files go in the user-data logs folder. */
export function setUpLogging(logsDir: string): typeof log {
  // Logs name meetings, people and paths: readable by this user only (a new folder 0700, files 0600).
  mkdirSync(logsDir, { recursive: true, mode: 0o700 });
  log.transports.file.resolvePathFn = (variables) => `${logsDir}/${variables.fileName ?? 'main.log'}`;
  log.transports.file.writeOptions = { flag: 'a', mode: 0o600, encoding: 'utf8' };
  log.transports.file.maxSize = 10 * 1024 * 1024;
  log.transports.file.level = 'info';
  // Main only: the preload exposes the WorkerApi and nothing else, so no electron-log bridge in the page.
  log.initialize({ preload: false });
  return log;
}

/**
 * The app's one log: the worker's lines arrive as events (with their fields) and electron-log writes
 * them into main.log beside main's own; the worker itself writes no file in the app.
 */
export function logWorkerEvent(logger: typeof log, event: WorkerEvent): void {
  if (event.type !== 'log') return;
  logger.scope(event.logger)[event.level](logText(event));
}
