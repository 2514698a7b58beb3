import type { WorkerApi } from '../../electron/contract/api.js';

import { createWebSocketApi } from './websocket.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser (the headless dashboard). */
    pcWorker?: WorkerApi;
  }
}

/**
 * True inside the desktop app, false in a browser watching a headless worker: a browser cannot open
 * folders on the worker's machine, and a headless worker applies saved settings at its next start.
 */
export function isDesktopApp(): boolean {
  return window.pcWorker !== undefined;
}

/** The Electron window's WorkerApi when there is one, else the headless dashboard's WebSocket. */
export function chooseWorkerApi(): WorkerApi {
  return window.pcWorker ?? createWebSocketApi(window.location);
}
