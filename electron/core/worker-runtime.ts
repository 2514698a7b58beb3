import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import type { WorkerEvent } from '../contract/events.js';
import type { Settings } from '../contract/settings.js';

import { resolveFfmpegBinary } from './audio/ffmpeg-binary.js';
import { openEmbeddedDatabase, pgliteFunctionCall } from './embedded/embedded-database.js';
import { defaultSupabaseDir } from './embedded/migrations-dir.js';
import type { Logger } from './log/logger.js';
import { chooseInferenceDevice } from './models/inference-device.js';
import type { PipelineConfig } from './pipeline/run-meeting.js';
import { createMeetingQueue, type MeetingQueue } from './queue/meeting-queue.js';
import { createSupabaseServiceClient } from './queue/supabase-client.js';
import { supabaseFunctionCall } from './queue/supabase-function-call.js';
import type { AudioStore } from './storage/audio-store.js';
import { createLocalAudioStore } from './storage/local-audio-store.js';
import { createSupabaseAudioStore } from './storage/supabase-audio-store.js';
import { readSystemInfo } from './system-info.js';
import { createWorkerService, type WorkerService } from './worker-service.js';

export interface EmbeddedQueue {
  db: PGlite;
  /** The local stand-in for the storage bucket. */
  bucketDir: string;
}

export interface WorkerRuntime {
  mode: 'supabase' | 'embedded';
  service: WorkerService;
  queue: MeetingQueue;
  embedded: EmbeddedQueue | null;
  close(): Promise<void>;
}

interface Backing {
  queue: MeetingQueue;
  audioStore: AudioStore;
  embedded: EmbeddedQueue | null;
}

async function openBacking(settings: Settings): Promise<Backing> {
  if (settings.supabaseUrl !== undefined && settings.supabaseKey !== undefined) {
    const client = createSupabaseServiceClient(settings.supabaseUrl, settings.supabaseKey);
    return {
      queue: createMeetingQueue(supabaseFunctionCall(client)),
      audioStore: createSupabaseAudioStore(client, settings.storageBucket),
      embedded: null,
    };
  }
  const db = await openEmbeddedDatabase(path.join(settings.dataDir, 'db'), defaultSupabaseDir());
  const bucketDir = path.join(settings.dataDir, 'storage', settings.storageBucket);
  return {
    queue: createMeetingQueue(pgliteFunctionCall(db)),
    audioStore: createLocalAudioStore(bucketDir),
    embedded: { db, bucketDir },
  };
}

/** Wires the worker from settings: Supabase when configured, else the embedded local queue. */
export async function createWorkerRuntime(
  settings: Settings,
  host: { log: Logger; emit: (event: WorkerEvent) => void },
): Promise<WorkerRuntime> {
  const backing = await openBacking(settings);
  const device = chooseInferenceDevice({ enableGpu: settings.enableGpu });
  const pipeline: PipelineConfig = {
    audioStore: backing.audioStore,
    ffmpeg: resolveFfmpegBinary(),
    whisper: {
      modelId: settings.whisperModel,
      modelDir: settings.modelCacheDir ?? path.join(settings.dataDir, 'models'),
      allowRemoteModels: settings.allowRemoteModels,
      device,
    },
    language: settings.language,
    maxAudioBytes: settings.maxAudioMegabytes * 1024 * 1024,
    maxAudioHours: settings.maxAudioHours,
    audioTempDir: settings.audioTempDir,
  };
  const systemInfo = readSystemInfo(device);
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
  return {
    mode: backing.embedded === null ? 'supabase' : 'embedded',
    service,
    queue: backing.queue,
    embedded: backing.embedded,
    async close() {
      await service.stop();
      await backing.embedded?.db.close();
    },
  };
}
