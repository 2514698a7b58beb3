import { savedKeyFor } from '../contract/key-origin.js';

import { meetingAudioUrl } from './audio-protocol.js';
import type { IpcHandlers } from './ipc-router.js';
import type { SettingsStore } from './settings-store.js';
import type { Supervisor } from './supervisor.js';

export interface ShellActions {
  openFolder(folder: string): Promise<boolean>;
  setStartAtLogin(enabled: boolean): void;
  logsDir: string;
  /** The save dialog: where to write a file suggested as `fileName`; null when the person cancels. */
  chooseSavePath(fileName: string): Promise<string | null>;
  writeFile(file: string, bytes: Buffer): Promise<void>;
}

/** The WorkerApi as main serves it: worker operations go through the supervisor, settings stay in main. */
export function createWorkerApiHandlers(
  supervisor: Supervisor,
  store: SettingsStore,
  actions: ShellActions,
): IpcHandlers {
  return {
    getSnapshot: () => supervisor.request({ type: 'get-snapshot' }),
    pause: async () => {
      await supervisor.request({ type: 'pause' });
    },
    resume: async () => {
      // Resume is also how a person restarts a worker that was given up after a crash loop.
      if (supervisor.status() === 'crash-loop' || supervisor.status() === 'stopped') supervisor.start();
      await supervisor.request({ type: 'resume' });
    },
    retryMeeting: (meetingId) => supervisor.request({ type: 'retry-meeting', meetingId }),
    confirmSpeaker: (meetingId, label, speakerId) =>
      supervisor.request({ type: 'confirm-speaker', meetingId, label, speakerId }),
    dismissSpeakerSuggestion: (meetingId, label) =>
      supervisor.request({ type: 'dismiss-speaker-suggestion', meetingId, label }),
    listMeetings: () => supervisor.request({ type: 'list-meetings' }),
    getMeeting: (meetingId) => supervisor.request({ type: 'get-meeting', meetingId }),
    exportMeeting: (meetingId, format) => supervisor.request({ type: 'export-meeting', meetingId, format }),
    saveMeetingExport: async (meetingId, format) => {
      const file = await supervisor.request({ type: 'export-meeting', meetingId, format });
      const target = await actions.chooseSavePath(file.fileName);
      if (target === null) return { outcome: 'cancelled' };
      await actions.writeFile(target, Buffer.from(file.base64, 'base64'));
      return { outcome: 'saved', path: target };
    },
    searchTranscripts: (query) => supervisor.request({ type: 'search-transcripts', query }),
    renameSpeaker: (meetingId, label, name) => supervisor.request({ type: 'rename-speaker', meetingId, label, name }),
    correctSegment: (meetingId, segment, text) =>
      supervisor.request({ type: 'correct-segment', meetingId, segment, text }),
    deleteMeeting: (meetingId) => supervisor.request({ type: 'delete-meeting', meetingId }),
    meetingAudioUrl: async (meetingId) =>
      (await supervisor.request({ type: 'meeting-audio', meetingId })) === null ? null : meetingAudioUrl(meetingId),
    getSettings: () => Promise.resolve(store.view()),
    saveSettings: (input) => {
      const result = store.save(input);
      if (result.ok) {
        actions.setStartAtLogin(store.startAtLogin());
        void supervisor.restart();
      }
      return Promise.resolve(result);
    },
    testConnection: (input) => {
      // An empty key field means "the key I saved before": it is added here, in main, never sent to the page,
      // and only when the URL under test has the origin the key was saved with.
      const saved = store.forWorker();
      const supabaseKey =
        input.supabaseKey ?? savedKeyFor(input.supabaseUrl, { url: saved.supabaseUrl, key: saved.supabaseKey });
      return supervisor.request({
        type: 'test-connection',
        input: { ...input, ...(supabaseKey === undefined ? {} : { supabaseKey }) },
      });
    },
    openLogsFolder: async () => ({ opened: await actions.openFolder(actions.logsDir), path: actions.logsDir }),
  };
}
