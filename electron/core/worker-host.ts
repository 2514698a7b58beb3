import path from 'node:path';

import type { WorkerSnapshot } from '../contract/api.js';
import type { WorkerEvent } from '../contract/events.js';
import type { MeetingLibraryReader } from '../contract/library.js';
import { applyWorkerEvent, initialLiveView, type LiveView } from '../contract/live-view.js';
import type { MeetingEditor } from '../contract/meeting-edits.js';
import type { AddedRecording, AddRecordingsOptions } from '../contract/recordings.js';
import type { Settings } from '../contract/settings.js';
import type { CommandResult, ProtocolError, WorkerCommand } from '../contract/worker-protocol.js';

import { testConnection } from './connection-test.js';
import { pgliteMeetingEditor } from './embedded/pglite-meeting-editor.js';
import { WorkerError } from './errors.js';
import { exportForWindow } from './export/export-for-window.js';
import { supabaseLibrary } from './library/supabase-library.js';
import { supabaseMeetingEditor } from './library/supabase-meeting-editor.js';
import { createLogger, type Logger } from './log/logger.js';
import { pgliteQueueOverview, supabaseQueueOverview, type QueueOverviewReader } from './queue/queue-overview.js';
import { createSupabaseServiceClient } from './queue/supabase-client.js';
import type { RecordingSource } from './recordings/add-recordings.js';
import { openWorkerRuntime, type WorkerRuntime, type WorkerRuntimeHost } from './worker-runtime.js';

/** The commands a host forwards once the worker is running (`init` is the host's own business). */
export type HostCommand = Exclude<WorkerCommand, { type: 'init' }>;

/**
 * The worker as a dashboard sees it, shared by the Electron utility process (worker/entry.ts) and the
 * headless dashboard (cli/dashboard-server.ts): the runtime, the live view folded from its events,
 * and the queue read for the snapshot.
 */
export interface WorkerHost {
  readonly settings: Settings;
  readonly runtime: WorkerRuntime;
  readonly log: Logger;
  /** Starts polling; resolves once the worker has stopped. */
  run(): Promise<void>;
  handle<C extends HostCommand>(command: C): Promise<CommandResult<C['type']>>;
  snapshot(): Promise<WorkerSnapshot>;
  /** Checks each recording with the worker's limits, adds the good ones to the local queue and polls at once. */
  addRecordings(sources: RecordingSource[], options: AddRecordingsOptions): Promise<AddedRecording[]>;
  close(): Promise<void>;
}

export interface WorkerHostOptions {
  /** Every event, log lines included (already redacted). */
  emit: (event: WorkerEvent) => void;
  /** Also log to stderr (the CLI); the utility process sends its lines to main instead. */
  console: boolean;
  /** Who this process is, for the message another process gets when it finds the data folder in use. */
  owner: string;
  /** The GPU backends to try (default: what this machine offers). */
  gpuLadder?: WorkerRuntimeHost['gpuLadder'];
}

/** The library as this worker's mode holds it: the embedded database it owns, or Supabase with its service key. */
interface LibraryAccess {
  overview: QueueOverviewReader;
  reader: MeetingLibraryReader;
  editor: MeetingEditor;
}

function libraryAccess(settings: Settings, runtime: WorkerRuntime, log: Logger): LibraryAccess {
  const embedded = runtime.embedded;
  if (embedded !== null) {
    return {
      overview: pgliteQueueOverview(embedded.db),
      reader: embedded.library,
      editor: pgliteMeetingEditor(embedded.db, embedded.bucketDir),
    };
  }
  if (settings.supabaseUrl === undefined || settings.supabaseKey === undefined) {
    throw new Error('Supabase mode without a URL and key');
  }
  const client = createSupabaseServiceClient(settings.supabaseUrl, settings.supabaseKey);
  return {
    overview: supabaseQueueOverview(client),
    reader: supabaseLibrary(client),
    editor: supabaseMeetingEditor(client, {
      bucket: settings.storageBucket,
      supabaseUrl: settings.supabaseUrl,
      log,
    }),
  };
}

/** How many open suggestions the dashboard lists (the rest follow as these are decided). */
const suggestionLimit = 20;

function startOfToday(): Date {
  const today = new Date();
  today.setHours(0, 0, 0, 0);
  return today;
}

export async function openWorkerHost(settings: Settings, options: WorkerHostOptions): Promise<WorkerHost> {
  let live: LiveView = initialLiveView;
  const emit = (event: WorkerEvent): void => {
    live = applyWorkerEvent(live, event, new Date().toISOString());
    options.emit(event);
  };
  const log = createLogger({
    level: settings.logLevel,
    logDir: settings.logDir,
    console: options.console,
    secrets: [settings.supabaseKey, settings.summaryApiKey],
    onLine: (line) => emit({ type: 'log', ...line }),
  });
  // Returns before the GPU canary and model download: the Electron host answers `init` meanwhile.
  const runtime = await openWorkerRuntime(settings, {
    log,
    emit,
    owner: options.owner,
    ...(options.gpuLadder === undefined ? {} : { gpuLadder: options.gpuLadder }),
  });
  const access = libraryAccess(settings, runtime, log);
  const startedAt = new Date().toISOString();

  const snapshot = async (): Promise<WorkerSnapshot> => {
    // Two independent reads, side by side: the dashboard polls this, and each is a round trip.
    const [overview, speakerSuggestions] = await Promise.all([
      access.overview(settings.workerId, startOfToday()).then(
        (value) => ({ value, error: null }),
        (error: unknown) => ({ value: null, error: (error as Error).message }),
      ),
      // A database without the review migration yet still shows its queue; the failure is logged.
      runtime.voiceprints.suggestions(suggestionLimit).catch((error: unknown) => {
        log.debug('could not read the speaker suggestions', { reason: (error as Error).message });
        return [];
      }),
    ]);
    // Read after the await: the live part is then at least as new as every event sent before this
    // answer, so a window that applies it never steps back behind events it has already shown.
    return {
      ...live,
      state: runtime.service.state(),
      workerId: settings.workerId,
      workerName: settings.workerName,
      mode: runtime.mode,
      startedAt,
      processedToday: overview.value?.processedToday ?? 0,
      failedToday: overview.value?.failedToday ?? 0,
      queueCounts: overview.value?.counts ?? {},
      recentMeetings: overview.value?.recent ?? [],
      speakerSuggestions,
      queueError: overview.error,
    };
  };

  const library = access.reader;
  const editor = access.editor;

  const handle = async (command: HostCommand): Promise<unknown> => {
    switch (command.type) {
      case 'get-snapshot':
        return snapshot();
      case 'pause':
        await runtime.service.pause();
        return null;
      case 'resume':
        runtime.service.resume();
        return null;
      case 'retry-meeting':
        return runtime.service.retryMeeting(command.meetingId);
      case 'confirm-speaker':
        return runtime.voiceprints.confirm(command.meetingId, command.label, command.speakerId);
      case 'dismiss-speaker-suggestion':
        return runtime.voiceprints.dismiss(command.meetingId, command.label);
      case 'list-meetings':
        return library.listMeetings(command.limit === undefined ? {} : { limit: command.limit });
      case 'get-meeting':
        return library.getMeeting(command.meetingId);
      case 'export-meeting':
        return exportForWindow(library, command.meetingId, command.format);
      case 'add-recordings':
        return runtime.addRecordings(
          command.paths.map((file) => ({ file, name: path.basename(file) })),
          command.options,
        );
      case 'search-transcripts':
        return editor.searchTranscripts(command.query);
      case 'rename-speaker':
        return editor.renameSpeaker(command.meetingId, command.label, command.name);
      case 'correct-segment':
        return editor.correctSegment(command.meetingId, command.segment, command.text);
      case 'delete-meeting':
        return editor.deleteMeeting(command.meetingId);
      case 'meeting-audio':
        return editor.audio(command.meetingId);
      case 'test-connection':
        return testConnection(command.input);
      case 'shutdown':
        await runtime.close();
        return null;
    }
  };

  return {
    settings,
    runtime,
    log,
    run: () => runtime.service.run(),
    handle: handle as WorkerHost['handle'],
    snapshot,
    addRecordings: (sources, options) => runtime.addRecordings(sources, options),
    close: () => runtime.close(),
  };
}

/** Any thrown value as it crosses a process or socket boundary: code, message for people, retryable. */
export function toProtocolError(error: unknown): ProtocolError {
  if (error instanceof WorkerError) return { code: error.code, message: error.message, retryable: error.retryable };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error), retryable: false };
}
