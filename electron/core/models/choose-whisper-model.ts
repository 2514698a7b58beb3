import type { WhisperModelId, WhisperModelSetting } from '../../contract/settings.js';

import type { InferenceDevice } from './inference-device.js';

export interface MachineSize {
  cpuCores: number;
  totalMemoryBytes: number;
}

export interface WhisperModelChoiceMade {
  id: WhisperModelId;
  reason: string;
}

const gib = 2 ** 30;

/**
 * 'auto' resolved for the hardware found. The figures behind the tiers (`npm run bench:asr`, 2-core
 * CPU): tiny q8 decodes several times faster than real time, base q8 about half as fast with a third
 * fewer errors; small and large-v3-turbo are GPU models (several times slower than real time on such a
 * CPU). A meeting worker must keep up with a day of meetings, so a CPU gets the most accurate model
 * that stays comfortably faster than real time on its cores; a GPU that passed its canary gets
 * large-v3-turbo when the machine has the memory to hold it (its q8 weights are ~1 GB), else small.
 */
export function chooseWhisperModel(
  setting: WhisperModelSetting,
  device: InferenceDevice,
  machine: MachineSize,
): WhisperModelChoiceMade {
  if (setting !== 'auto') return { id: setting, reason: 'chosen in settings' };
  const memory = `${String(Math.round(machine.totalMemoryBytes / gib))} GB RAM`;
  if (device.device !== 'cpu') {
    return machine.totalMemoryBytes >= 8 * gib
      ? { id: 'onnx-community/whisper-large-v3-turbo', reason: `auto: ${device.device} GPU, ${memory}` }
      : { id: 'Xenova/whisper-small', reason: `auto: ${device.device} GPU, only ${memory}` };
  }
  const cores = `${String(machine.cpuCores)} CPU cores, no GPU in use`;
  if (machine.cpuCores >= 12 && machine.totalMemoryBytes >= 16 * gib)
    return { id: 'Xenova/whisper-small', reason: `auto: ${cores}` };
  if (machine.cpuCores >= 4) return { id: 'Xenova/whisper-base', reason: `auto: ${cores}` };
  return { id: 'Xenova/whisper-tiny', reason: `auto: ${cores}` };
}

/** The model a backend's canary loads: the chosen one, or for 'auto' the smallest (cheap to fetch and run). */
export function canaryWhisperModel(setting: WhisperModelSetting): WhisperModelId {
  return setting === 'auto' ? 'Xenova/whisper-tiny' : setting;
}
