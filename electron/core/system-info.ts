import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import type { SystemInfo, WhisperModelChoice } from '../contract/events.js';
import { whisperModelIds } from '../contract/settings.js';

import { listGpuAdapters } from './gpu-adapters.js';
import type { WhisperModelChoiceMade } from './models/choose-whisper-model.js';
import { gpuLadder, type InferenceDevice } from './models/inference-device.js';
import { findWhisperModel } from './models/model-manifest.js';
import { findLocalChatServers, localChatServerPorts } from './summary/local-chat-servers.js';

/**
 * The models the settings may offer: the contract's ids (what the settings schema accepts) with the
 * manifest's size and speed, and whether a model folder already holds every file (a quick look, not
 * the hash check the model store does before loading).
 */
export function whisperModelChoices(modelDirs: readonly string[]): WhisperModelChoice[] {
  return whisperModelIds.flatMap((id) => {
    const entry = findWhisperModel(id);
    if (entry === undefined) return [];
    const downloaded = modelDirs.some((dir) => entry.files.every((file) => existsSync(path.join(dir, id, file.path))));
    return [{ id, sizeBytes: entry.sizeBytes, speedTier: entry.speedTier, downloaded }];
  });
}

/** What the dashboard, the settings and the `workers` row show about this machine. */
export async function readSystemInfo(
  device: InferenceDevice,
  model: WhisperModelChoiceMade,
  modelDirs: readonly string[],
  chatServerPorts = localChatServerPorts(),
): Promise<SystemInfo> {
  const cpus = os.cpus();
  const [gpus, localChatServers] = await Promise.all([listGpuAdapters(), findLocalChatServers(chatServerPorts)]);
  return {
    platform: process.platform,
    arch: process.arch,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCores: cpus.length,
    totalMemoryBytes: os.totalmem(),
    gpus,
    gpuBackends: gpuLadder(),
    whisperModels: whisperModelChoices(modelDirs),
    backend: device.device,
    backendReason: device.reason,
    whisperModel: model.id,
    whisperModelReason: model.reason,
    localChatServers,
  };
}
