/**
 * Exposes the contract's WorkerApi to the page as window.pcWorker, one method per channel, and nothing
 * else: no ipcRenderer, no generic invoke. Arguments are validated in main, the trust boundary.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';

import type { WorkerApi } from '../contract/api.js';
import { eventChannel, invokeChannels } from '../contract/channels.js';
import type { WorkerEvent } from '../contract/events.js';
import { addRecordingPathsChannel } from '../contract/recordings.js';

const api = {
  getSnapshot: () => ipcRenderer.invoke(invokeChannels.getSnapshot),
  pause: () => ipcRenderer.invoke(invokeChannels.pause),
  resume: () => ipcRenderer.invoke(invokeChannels.resume),
  retryMeeting: (meetingId) => ipcRenderer.invoke(invokeChannels.retryMeeting, meetingId),
  confirmSpeaker: (meetingId, label, speakerId) =>
    ipcRenderer.invoke(invokeChannels.confirmSpeaker, meetingId, label, speakerId),
  dismissSpeakerSuggestion: (meetingId, label) =>
    ipcRenderer.invoke(invokeChannels.dismissSpeakerSuggestion, meetingId, label),
  listMeetings: () => ipcRenderer.invoke(invokeChannels.listMeetings),
  getMeeting: (meetingId) => ipcRenderer.invoke(invokeChannels.getMeeting, meetingId),
  exportMeeting: (meetingId, format) => ipcRenderer.invoke(invokeChannels.exportMeeting, meetingId, format),
  saveMeetingExport: (meetingId, format) => ipcRenderer.invoke(invokeChannels.saveMeetingExport, meetingId, format),
  searchTranscripts: (query) => ipcRenderer.invoke(invokeChannels.searchTranscripts, query),
  renameSpeaker: (meetingId, label, name) => ipcRenderer.invoke(invokeChannels.renameSpeaker, meetingId, label, name),
  correctSegment: (meetingId, segment, text) =>
    ipcRenderer.invoke(invokeChannels.correctSegment, meetingId, segment, text),
  deleteMeeting: (meetingId) => ipcRenderer.invoke(invokeChannels.deleteMeeting, meetingId),
  meetingAudioUrl: (meetingId) => ipcRenderer.invoke(invokeChannels.meetingAudioUrl, meetingId),
  getSettings: () => ipcRenderer.invoke(invokeChannels.getSettings),
  saveSettings: (input) => ipcRenderer.invoke(invokeChannels.saveSettings, input),
  testConnection: (input) => ipcRenderer.invoke(invokeChannels.testConnection, input),
  openLogsFolder: () => ipcRenderer.invoke(invokeChannels.openLogsFolder),
  // A picked or dropped file is on this computer: the worker reads it by its path, so no bytes cross IPC.
  addRecordings: (files, options) =>
    ipcRenderer.invoke(
      addRecordingPathsChannel,
      files.map((file) => webUtils.getPathForFile(file as File)),
      options,
    ),
  onEvent(listener) {
    // The Electron event object (with its sender) never reaches the page.
    const forward = (_event: IpcRendererEvent, payload: WorkerEvent) => listener(payload);
    ipcRenderer.on(eventChannel, forward);
    return () => ipcRenderer.removeListener(eventChannel, forward);
  },
} satisfies WorkerApi;

contextBridge.exposeInMainWorld('pcWorker', api);
