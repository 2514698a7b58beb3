import type { WorkerEvent } from '../../contract/events.js';

import type { Canary } from './inference-device.js';
import type { DownloadProgress } from './model-store.js';

/** At most this many download events per second per file: the dashboard redraws, the tray rebuilds. */
const eventsPerSecond = 4;

const megabytes = (bytes: number): string => (bytes / 1e6).toFixed(bytes < 1e8 ? 1 : 0);

/** What a person reads while a model file downloads. */
export function describeDownload(progress: DownloadProgress): string {
  const sizes =
    progress.totalBytes === null
      ? `${megabytes(progress.receivedBytes)} MB`
      : `${megabytes(progress.receivedBytes)} of ${megabytes(progress.totalBytes)} MB`;
  return `Downloading ${progress.modelId} (${progress.file}): ${sizes}`;
}

export interface PreparationReport {
  /** For the model store's onProgress: throttled `preparation` download events. */
  download: (progress: DownloadProgress) => void;
  /** Wraps a GPU canary so that each backend tried is announced first. */
  announce: (canary: Canary) => Canary;
}

/**
 * Turns model downloads and GPU canaries into `preparation` events (whisper-web's worker posts the same
 * kind of small progress messages): a download's first and last byte always, in between at most
 * `eventsPerSecond` per file.
 */
export function preparationReport(emit: (event: WorkerEvent) => void, now: () => number = Date.now): PreparationReport {
  const lastSent = new Map<string, number>();
  return {
    download: (progress) => {
      const key = `${progress.modelId}/${progress.file}`;
      const done = progress.totalBytes !== null && progress.receivedBytes >= progress.totalBytes;
      const last = lastSent.get(key);
      if (!done && last !== undefined && now() - last < 1000 / eventsPerSecond) return;
      lastSent.set(key, now());
      const share = progress.totalBytes === null ? null : Math.min(1, progress.receivedBytes / progress.totalBytes);
      emit({ type: 'preparation', step: 'download', detail: describeDownload(progress), progress: share });
    },
    announce: (canary) => async (device) => {
      const which = `${device.device}${device.deviceIndex === null ? '' : ` #${String(device.deviceIndex)}`}`;
      emit({
        type: 'preparation',
        step: 'canary',
        detail: `Checking the GPU (${which}): transcribing a known clip`,
        progress: null,
      });
      return canary(device);
    },
  };
}
