import os from 'node:os';

import type { SystemInfo } from '../contract/events.js';

import type { InferenceDevice } from './models/inference-device.js';

/** What the dashboard and the `workers` row show about this machine. */
export function readSystemInfo(device: InferenceDevice): SystemInfo {
  const cpus = os.cpus();
  return {
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCores: cpus.length,
    totalMemoryBytes: os.totalmem(),
    gpus: [],
    backend: device.device,
    backendReason: device.reason,
  };
}
