import os from 'node:os';
import path from 'node:path';

import type { WorkerEvent } from '../contract/events.js';
import type { AddedRecording, AddRecordingsOptions } from '../contract/recordings.js';
import type { Settings } from '../contract/settings.js';

import { whisperCanary } from './asr/canary.js';
import { resolveFfmpegBinary } from './audio/ffmpeg-binary.js';
import { pgliteFunctionCall } from './embedded/embedded-database.js';
import { openOwnedDatabase, type OwnedDatabase } from './embedded/owned-database.js';
import type { Logger } from './log/logger.js';
import { canaryWhisperModel, chooseWhisperModel } from './models/choose-whisper-model.js';
import { chooseInferenceDevice, type InferenceDevice } from './models/inference-device.js';
import { hubPlaces } from './models/model-location.js';
import type { PipelineConfig } from './pipeline/run-meeting.js';
import { createMeetingQueue, type MeetingQueue } from './queue/meeting-queue.js';
import { createSupabaseServiceClient } from './queue/supabase-client.js';
import { supabaseFunctionCall } from './queue/supabase-function-call.js';
import { addRecordings, planRecordings, recordingLimits, type RecordingSource } from './recordings/add-recordings.js';
import { watchFolder, type FolderWatch } from './recordings/watch-folder.js';
import { createVoiceprintLibrary, type VoiceprintLibrary } from './speakers/identification/voiceprint-library.js';
import { defaultSpeakerModelDir, type SpeakerModelPlaces } from './speakers/models/model-files.js';
import type { SpeakerStageConfig } from './speakers/speaker-stages.js';
import type { AudioStore } from './storage/audio-store.js';
import { createLocalAudioStore } from './storage/local-audio-store.js';
import { createSupabaseAudioStore } from './storage/supabase-audio-store.js';
import { summaryConfigFromSettings } from './summary/summarize-meeting.js';
import { readSystemInfo } from './system-info.js';
import { createWorkerService, type WorkerService } from './worker-service.js';

/** The embedded database this runtime owns (lock held, local API served). */
export type EmbeddedQueue = OwnedDatabase;

export interface WorkerRuntime {
  mode: 'supabase' | 'embedded';
  service: WorkerService;
  queue: MeetingQueue;
  embedded: EmbeddedQueue | null;
  /** The voiceprint library on the same backend as the queue. */
  voiceprints: VoiceprintLibrary;
  /** Checks each recording with the worker's limits, adds the good ones to the local queue and polls at once. */
  addRecordings(sources: RecordingSource[], options: AddRecordingsOptions): Promise<AddedRecording[]>;
  /** The watch folder's look, when one is set (local mode only). */
  watch: FolderWatch | null;
  close(): Promise<void>;
}

interface Backing {
  queue: MeetingQueue;
  audioStore: AudioStore;
  embedded: EmbeddedQueue | null;
  voiceprints: VoiceprintLibrary;
}

async function openBacking(settings: Settings, log: Logger, owner: string): Promise<Backing> {
  if (settings.supabaseUrl !== undefined && settings.supabaseKey !== undefined) {
    const client = createSupabaseServiceClient(settings.supabaseUrl, settings.supabaseKey);
    const call = supabaseFunctionCall(client);
    return {
      queue: createMeetingQueue(call),
      voiceprints: createVoiceprintLibrary(call),
      audioStore: createSupabaseAudioStore(client, settings.storageBucket, { supabaseUrl: settings.supabaseUrl, log }),
      embedded: null,
    };
  }
  const owned = await openOwnedDatabase(settings, { command: owner, serveApi: true });
  if (owned.orphansRemoved.length > 0) {
    log.info(`removed ${owned.orphansRemoved.length} recording(s) an interrupted add left without a meeting`);
  }
  const call = pgliteFunctionCall(owned.db);
  return {
    queue: createMeetingQueue(call),
    voiceprints: createVoiceprintLibrary(call),
    audioStore: createLocalAudioStore(owned.bucketDir),
    embedded: owned,
  };
}

/** The chosen speaker models and the voiceprint library; without the bundled models, no diarization. */
function speakerStages(
  settings: Settings,
  placement: { places: SpeakerModelPlaces; device: InferenceDevice },
  voiceprints: VoiceprintLibrary,
  log: Logger,
): SpeakerStageConfig | undefined {
  const { device } = placement;
  // The speaker models follow Whisper onto CUDA or DirectML. CoreML and WebGPU are not tried for them
  // (no machine here to check them on): there they stay on the CPU, at ~25x real time on 2 cores.
  const gpu =
    device.device === 'cuda' || device.device === 'dml'
      ? { name: device.device, deviceId: device.deviceIndex ?? 0 }
      : null;
  try {
    return {
      modelDir: defaultSpeakerModelDir(),
      models: { segmentation: settings.speakerSegmentationModel, embedding: settings.speakerEmbeddingModel },
      places: placement.places,
      gpu,
      library: voiceprints,
    };
  } catch (error) {
    log.warn(`Diarization is off: ${(error as Error).message}`);
    return undefined;
  }
}

/** Wires the worker from settings: Supabase when configured, else the embedded local queue. */
export async function createWorkerRuntime(
  settings: Settings,
  host: { log: Logger; emit: (event: WorkerEvent) => void; owner?: string },
): Promise<WorkerRuntime> {
  const backing = await openBacking(settings, host.log, host.owner ?? 'a PC Worker process');
  const ffmpeg = resolveFfmpegBinary();
  const appCacheDir = path.join(settings.dataDir, 'models');
  const modelPlaces = {
    modelDir: settings.modelCacheDir ?? appCacheDir,
    appCacheDir,
    allowRemoteModels: settings.allowRemoteModels,
  };
  const device = await chooseInferenceDevice({
    enableGpu: settings.enableGpu,
    gpuDevice: settings.gpuDevice,
    canary: whisperCanary({ ...modelPlaces, modelId: canaryWhisperModel(settings.whisperModel) }, ffmpeg),
  });
  const model = chooseWhisperModel(settings.whisperModel, device, {
    cpuCores: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
  });
  const location = { ...modelPlaces, modelId: model.id };
  const pipeline: PipelineConfig = {
    audioStore: backing.audioStore,
    ffmpeg,
    whisper: { ...location, device },
    language: settings.language,
    maxAudioBytes: settings.maxAudioMegabytes * 1024 * 1024,
    maxAudioHours: settings.maxAudioHours,
    audioTempDir: settings.audioTempDir,
    summary: summaryConfigFromSettings(settings),
  };
  const speakers = speakerStages(settings, { places: hubPlaces(modelPlaces), device }, backing.voiceprints, host.log);
  if (speakers !== undefined) pipeline.speakers = speakers;
  const systemInfo = await readSystemInfo(device, model, [location.modelDir, appCacheDir]);
  host.emit({ type: 'system-info', info: systemInfo });
  const service = createWorkerService({
    queue: backing.queue,
    pipeline,
    workerId: settings.workerId,
    workerName: settings.workerName,
    maxConcurrentJobs: settings.maxConcurrentJobs,
    pollingIntervalSeconds: settings.pollingIntervalSeconds,
    leaseSeconds: settings.leaseSeconds,
    systemInfo,
    log: host.log,
    emit: host.emit,
  });
  const limits = recordingLimits(settings, ffmpeg);
  const add = async (sources: RecordingSource[], options: AddRecordingsOptions): Promise<AddedRecording[]> => {
    if (backing.embedded === null)
      throw new Error('Recordings are added here in local mode; in Supabase mode the web app adds them.');
    const added = await addRecordings(backing.embedded.library, planRecordings(sources, options), limits);
    if (added.some((outcome) => outcome.meetingId !== null)) service.poll();
    return added;
  };
  const watch =
    backing.embedded === null || settings.watchFolder === undefined
      ? null
      : await watchFolder({
          folder: settings.watchFolder,
          ledgerFile: path.join(settings.dataDir, 'watch-folder.json'),
          add: (sources) => add(sources, {}),
          log: host.log,
        });
  return {
    mode: backing.embedded === null ? 'supabase' : 'embedded',
    service,
    queue: backing.queue,
    embedded: backing.embedded,
    voiceprints: backing.voiceprints,
    addRecordings: add,
    watch,
    async close() {
      await watch?.stop();
      await service.stop();
      await backing.embedded?.close();
    },
  };
}
