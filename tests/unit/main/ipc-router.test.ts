import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';

import { invokeChannels } from '../../../electron/contract/channels.js';
import { routeIpc, UntrustedSenderError, type IpcHandlers } from '../../../electron/main/ipc-router.js';
import { isTrustedUrl } from '../../../electron/main/security.js';

import { memoryIpcMain } from './memory-ipc-main.js';

const trusted = { rendererDir: 'file:///opt/PC%20Worker/resources/app.asar/dist/renderer/' };
const dashboardUrl = 'file:///opt/PC%20Worker/resources/app.asar/dist/renderer/index.html';
const calls: unknown[][] = [];
const handlers: IpcHandlers = {
  getSnapshot: () => Promise.reject(new Error('not used')),
  pause: () => Promise.resolve(),
  resume: () => Promise.resolve(),
  retryMeeting: (id) => {
    calls.push(['retryMeeting', id]);
    return Promise.resolve(true);
  },
  confirmSpeaker: (meetingId, label, speakerId) => {
    calls.push(['confirmSpeaker', meetingId, label, speakerId]);
    return Promise.resolve(true);
  },
  dismissSpeakerSuggestion: () => Promise.reject(new Error('not used')),
  listMeetings: () => Promise.reject(new Error('not used')),
  getMeeting: () => Promise.reject(new Error('not used')),
  exportMeeting: (meetingId, format) => {
    calls.push(['exportMeeting', meetingId, format]);
    return Promise.resolve({ fileName: 'x.txt', mimeType: 'text/plain', base64: '' });
  },
  saveMeetingExport: () => Promise.reject(new Error('not used')),
  searchTranscripts: () => Promise.reject(new Error('not used')),
  renameSpeaker: () => Promise.reject(new Error('not used')),
  correctSegment: (meetingId, segment, text) => {
    calls.push(['correctSegment', meetingId, segment, text]);
    return Promise.resolve(true);
  },
  deleteMeeting: () => Promise.reject(new Error('not used')),
  meetingAudioUrl: () => Promise.reject(new Error('not used')),
  getSettings: () => Promise.reject(new Error('not used')),
  saveSettings: (input) => {
    calls.push(['saveSettings', input]);
    return Promise.resolve({ ok: false, issues: [] });
  },
  testConnection: () => Promise.reject(new Error('not used')),
  openLogsFolder: () => Promise.resolve({ opened: true, path: '/logs' }),
};

describe('IPC router', () => {
  const ipc = memoryIpcMain();
  const unroute = routeIpc(ipc, handlers, (url) => isTrustedUrl(url, trusted));

  it('registers exactly the contract channels', () => {
    expect(ipc.channels().sort()).toEqual(Object.values(invokeChannels).sort());
  });

  it('passes parsed arguments from our own pages to the handler', async () => {
    const id = '6f1c2c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
    await expect(ipc.invoke(invokeChannels.retryMeeting, dashboardUrl, id)).resolves.toBe(true);
    expect(calls.at(-1)).toEqual(['retryMeeting', id]);
    await expect(ipc.invoke(invokeChannels.confirmSpeaker, dashboardUrl, id, 'S2', id)).resolves.toBe(true);
    expect(calls.at(-1)).toEqual(['confirmSpeaker', id, 'S2', id]);
    await ipc.invoke(invokeChannels.saveSettings, dashboardUrl, { workerId: 'a', workerName: 'b', audioTempDir: '/t' });
    // Defaults from the contract are applied before the handler sees the input.
    expect(calls.at(-1)?.[1]).toMatchObject({ clearSupabaseKey: false, maxConcurrentJobs: 1 });
  });

  it('refuses a call from a page that is not ours, before looking at its arguments', async () => {
    await expect(ipc.invoke(invokeChannels.pause, 'https://evil.example/')).rejects.toBeInstanceOf(
      UntrustedSenderError,
    );
    await expect(ipc.invoke(invokeChannels.pause, 'file:///home/me/Downloads/page.html')).rejects.toBeInstanceOf(
      UntrustedSenderError,
    );
  });

  it('rejects payloads that do not match the schema, and extra arguments', async () => {
    await expect(ipc.invoke(invokeChannels.retryMeeting, dashboardUrl, 'drop table meetings')).rejects.toBeInstanceOf(
      ZodError,
    );
    await expect(ipc.invoke(invokeChannels.pause, dashboardUrl, 'extra')).rejects.toBeInstanceOf(ZodError);
    const id = '6f1c2c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
    await expect(
      ipc.invoke(invokeChannels.confirmSpeaker, dashboardUrl, id, 'S2'.repeat(40), id),
    ).rejects.toBeInstanceOf(ZodError);
    await expect(ipc.invoke(invokeChannels.saveSettings, dashboardUrl, { workerId: 'x' })).rejects.toBeInstanceOf(
      ZodError,
    );
    await expect(ipc.invoke(invokeChannels.exportMeeting, dashboardUrl, id, 'exe')).rejects.toBeInstanceOf(ZodError);
    await ipc.invoke(invokeChannels.exportMeeting, dashboardUrl, id, 'srt');
    expect(calls.at(-1)).toEqual(['exportMeeting', id, 'srt']);
    // A correction: an empty line or a negative index never reaches the worker; the text arrives trimmed.
    await expect(ipc.invoke(invokeChannels.correctSegment, dashboardUrl, id, 3, '   ')).rejects.toBeInstanceOf(
      ZodError,
    );
    await expect(ipc.invoke(invokeChannels.correctSegment, dashboardUrl, id, -1, 'x')).rejects.toBeInstanceOf(ZodError);
    await ipc.invoke(invokeChannels.correctSegment, dashboardUrl, id, 3, ' Fixed line. ');
    expect(calls.at(-1)).toEqual(['correctSegment', id, 3, 'Fixed line.']);
  });

  it('removes every handler when unrouted', () => {
    unroute();
    expect(ipc.channels()).toEqual([]);
  });
});
