import type { WorkerApi } from '../../electron/contract/api.js';
import type { InvokeMethod } from '../../electron/contract/channels.js';
import type { WorkerEvent } from '../../electron/contract/events.js';
import { workerEventMessageSchema, workerResponseSchema } from '../../electron/contract/worker-protocol.js';

import { takePageToken } from './page-token.js';
import { uploadRecordings } from './upload-recordings.js';

type Pending = { resolve(value: unknown): void; reject(error: Error): void };

/** The headless dashboard's WorkerApi: the same operations over a WebSocket that carries the page's token. */
export function createWebSocketApi(location: Location): WorkerApi {
  const token = takePageToken(location, window.history, window.sessionStorage);
  const socket = new WebSocket(`ws://${location.host}/ws?token=${encodeURIComponent(token)}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () =>
      reject(new Error('Could not connect to the worker (is the token in the address right?)')),
    );
  });
  const pending = new Map<number, Pending>();
  const listeners = new Set<(event: WorkerEvent) => void>();
  let nextId = 1;

  socket.addEventListener('message', (message: MessageEvent<string>) => {
    const data: unknown = JSON.parse(message.data);
    const event = workerEventMessageSchema.safeParse(data);
    if (event.success) {
      for (const listener of listeners) listener(event.data.event);
      return;
    }
    const response = workerResponseSchema.safeParse(data);
    if (!response.success) return;
    const entry = pending.get(response.data.id);
    pending.delete(response.data.id);
    if (response.data.ok) entry?.resolve(response.data.value);
    else entry?.reject(new Error(response.data.error.message));
  });
  socket.addEventListener('close', () => {
    for (const entry of pending.values()) entry.reject(new Error('The connection to the worker was lost.'));
    pending.clear();
    const lost: WorkerEvent = {
      type: 'worker-state',
      state: 'error',
      detail: 'The connection to the worker was lost. Reload the page once it runs again.',
    };
    for (const listener of listeners) listener(lost);
  });

  const call = async <K extends InvokeMethod>(
    method: K,
    ...args: unknown[]
  ): Promise<Awaited<ReturnType<WorkerApi[K]>>> => {
    await opened;
    const id = nextId++;
    const value = await new Promise<unknown>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      socket.send(JSON.stringify({ kind: 'request', id, method, args }));
    });
    // The server answered with the contract's types (it parsed the request with the same schemas).
    return value as Awaited<ReturnType<WorkerApi[K]>>;
  };

  return {
    getSnapshot: () => call('getSnapshot'),
    pause: () => call('pause').then(() => undefined),
    resume: () => call('resume').then(() => undefined),
    retryMeeting: (meetingId) => call('retryMeeting', meetingId),
    confirmSpeaker: (meetingId, label, speakerId) => call('confirmSpeaker', meetingId, label, speakerId),
    dismissSpeakerSuggestion: (meetingId, label) => call('dismissSpeakerSuggestion', meetingId, label),
    listMeetings: () => call('listMeetings'),
    getMeeting: (meetingId) => call('getMeeting', meetingId),
    exportMeeting: (meetingId, format) => call('exportMeeting', meetingId, format),
    saveMeetingExport: (meetingId, format) => call('saveMeetingExport', meetingId, format),
    searchTranscripts: (query) => call('searchTranscripts', query),
    renameSpeaker: (meetingId, label, name) => call('renameSpeaker', meetingId, label, name),
    correctSegment: (meetingId, segment, text) => call('correctSegment', meetingId, segment, text),
    deleteMeeting: (meetingId) => call('deleteMeeting', meetingId),
    meetingAudioUrl: (meetingId) => call('meetingAudioUrl', meetingId),
    getSettings: () => call('getSettings'),
    saveSettings: (input) => call('saveSettings', input),
    testConnection: (input) => call('testConnection', input),
    openLogsFolder: () => call('openLogsFolder'),
    addRecordings: (files, options, onProgress) => uploadRecordings(token, files, options, onProgress),
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
