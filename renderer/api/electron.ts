import type { WorkerApi } from '../../electron/contract/api.js';

import { createWebSocketApi } from './websocket.js';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser (the headless dashboard). */
    pcWorker?: WorkerApi;
  }
}

/** The Electron window's WorkerApi when there is one, else the headless dashboard's WebSocket. */
export function chooseWorkerApi(): WorkerApi {
  return window.pcWorker ?? createWebSocketApi(window.location);
}
