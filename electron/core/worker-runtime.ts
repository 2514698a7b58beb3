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
import { chooseInferenceDevice, type Backend, type InferenceDevice } from './models/inference-device.js';
import { modelWriteDir } from './models/model-cache-dir.js';
import { hubPlaces, type ModelLocation } from './models/model-location.js';
import { findWhisperModel } from './models/model-manifest.js';
import { ensureHubModel } from './models/model-store.js';
import { preparationReport, type PreparationReport } from './models/preparation-report.js';
import type { PipelineConfig } from './pipeline/run-meeting.js';
import { createMeetingQueue, type MeetingQueue } from './queue/meeting-queue.js';
import { createSupabaseServiceClient } from './queue/supabase-client.js';
import { supabaseFunctionCall } from './queue/supabase-function-call.js';
import { addRecordings, planRecordings, recordingLimits, type RecordingSource } from './recordings/add-recordings.js';
import { watchFolder, type FolderWatch } from './recordings/watch-folder.js';
import { createVoiceprintLibrary, type VoiceprintLibrary } from './speakers/identification/voiceprint-library.js';
import { defaultSpeakerModelDir, type SpeakerModelPlaces } from './speakers/models/model-files.js';
import type { SpeakerStageConfig } from './speakers/speaker-stages.js';
import { startingWorkerService } from './starting-worker-service.js';
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
  /** Resolves once the service is prepared (device chosen, model fetched); rejects when that failed. */
  prepared: Promise<void>;
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
    const client = createSupabaseServiceClient(
      settings.supabaseUrl,
      settings.supabaseKey,
      settings.requestTimeoutSeconds * 1000,
    );
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

export interface WorkerRuntimeHost {
  log: Logger;
  emit: (event: WorkerEvent) => void;
  /** Who this process is, for the message another process gets when it finds the data folder in use. */
  owner?: string;
  /** The GPU backends to try; by default those this machine offers (gpuLadder). Tests name one. */
  gpuLadder?: readonly Exclude<Backend, 'cpu'>[];
}

/** The chosen Whisper model's files, fetched now (with progress) rather than in the first meeting. */
async function fetchWhisperModel(
  location: ModelLocation & { modelId: string },
  report: PreparationReport,
  log: Logger,
): Promise<void> {
  const entry = findWhisperModel(location.modelId);
  if (entry === undefined) return;
  await ensureHubModel(entry, { ...hubPlaces(location), onProgress: report.download }, 'speech').catch(
    (error: unknown) => log.warn(`The speech model is not ready: ${(error as Error).message}`),
  );
}

/**
 * What may take minutes on a first start, after the worker has answered: each GPU backend's canary
 * (which may download Whisper), the chosen model's download, then the service. Reported as
 * `preparation` events.
 */
async function prepareService(
  settings: Settings,
  backing: Backing,
  host: WorkerRuntimeHost,
  ffmpeg: string,
): Promise<WorkerService> {
  const report = preparationReport(host.emit);
  const modelDir = settings.modelCacheDir ?? path.join(settings.dataDir, 'models');
  // Downloads and the float-activation copy go to the model folder, or the user's cache when it is read-only.
  const appCacheDir = await modelWriteDir(modelDir);
  const modelPlaces = {
    modelDir,
    appCacheDir,
    allowRemoteModels: settings.allowRemoteModels,
  };
  const canaryModel = canaryWhisperModel(settings.whisperModel);
  const device = await chooseInferenceDevice({
    enableGpu: settings.enableGpu,
    gpuDevice: settings.gpuDevice,
    ...(host.gpuLadder === undefined ? {} : { ladder: host.gpuLadder }),
    canary: report.announce(
      whisperCanary({ ...modelPlaces, modelId: canaryModel, onDownloadProgress: report.download }, ffmpeg),
    ),
  });
  const model = chooseWhisperModel(settings.whisperModel, device, {
    cpuCores: os.availableParallelism(),
    totalMemoryBytes: os.totalmem(),
  });
  const location = { ...modelPlaces, modelId: model.id };
  await fetchWhisperModel(location, report, host.log);
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
  return createWorkerService({
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
}

/**
 * Opens the queue (Supabase when configured, else the embedded local one) and returns at once; the
 * service is prepared behind it (`prepared`), so a host can answer, show the dashboard, add recordings
 * and take a pause meanwhile. `run()` starts once it is ready.
 */
export async function openWorkerRuntime(settings: Settings, host: WorkerRuntimeHost): Promise<WorkerRuntime> {
  const backing = await openBacking(settings, host.log, host.owner ?? 'a PC Worker process');
  const ffmpeg = resolveFfmpegBinary();
  const ready = prepareService(settings, backing, host, ffmpeg);
  const service = startingWorkerService(ready, host.emit);
  const prepared = ready.then(() => undefined);
  prepared.catch(() => undefined); // reported by run(), or by whoever awaits `prepared`
  const limits = recordingLimits(settings, ffmpeg);
  const add = async (sources: RecordingSource[], options: AddRecordingsOptions): Promise<AddedRecording[]> => {
    if (backing.embedded === null)
      throw new Error('Recordings are added here in local mode; in Supabase mode the web app adds them.');
    return addRecordings(backing.embedded.library, planRecordings(sources, options), limits);
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
  backing.embedded?.onRecordingAdded(() => service.poll());
  return {
    mode: backing.embedded === null ? 'supabase' : 'embedded',
    service,
    queue: backing.queue,
    embedded: backing.embedded,
    voiceprints: backing.voiceprints,
    addRecordings: add,
    watch,
    prepared,
    async close() {
      await watch?.stop();
      await service.stop();
      await backing.embedded?.close();
    },
  };
}

/** The runtime once its service is prepared (the CLI and tests, which have nobody waiting on an answer). */
export async function createWorkerRuntime(settings: Settings, host: WorkerRuntimeHost): Promise<WorkerRuntime> {
  const runtime = await openWorkerRuntime(settings, host);
  await runtime.prepared;
  return runtime;
}
