import { create } from 'zustand';

import type { WorkerApi } from '../../electron/contract/api.js';
import type { MeetingDetail } from '../../electron/contract/library.js';

interface MeetingStore {
  meetingId: string | null;
  detail: MeetingDetail | null;
  audioUrl: string | null;
  /** The player's position, seconds. */
  currentTime: number;
  /** A request to move the player (a click on a time or a citation); `n` makes each request new. */
  seek: { time: number; n: number } | null;
  /** A request to scroll the transcript to a line and mark it. */
  focus: { segment: number; n: number } | null;
  error: string | null;
  /** What the last action did, for the status line ("Saved to …"). */
  notice: string | null;
  open(api: WorkerApi, meetingId: string): Promise<void>;
  reload(api: WorkerApi): Promise<void>;
  setTime(seconds: number): void;
  seekTo(seconds: number): void;
  focusSegment(segment: number): void;
  renameSpeaker(api: WorkerApi, label: string, name: string): Promise<void>;
  correctSegment(api: WorkerApi, segment: number, text: string): Promise<boolean>;
  say(notice: string | null, error?: string | null): void;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));
let counter = 0;

/** The meeting open in the meeting view: its transcript, the player's time and a person's edits. */
export const useMeetingStore = create<MeetingStore>()((set, get) => ({
  meetingId: null,
  detail: null,
  audioUrl: null,
  currentTime: 0,
  seek: null,
  focus: null,
  error: null,
  notice: null,
  async open(api, meetingId) {
    set({ meetingId, detail: null, audioUrl: null, currentTime: 0, seek: null, error: null, notice: null });
    try {
      const [detail, audioUrl] = await Promise.all([
        api.getMeeting(meetingId),
        api.meetingAudioUrl(meetingId).catch(() => null),
      ]);
      if (get().meetingId !== meetingId) return;
      if (detail === null) set({ error: 'That meeting is no longer in the library.' });
      else set({ detail, audioUrl });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async reload(api) {
    const { meetingId } = get();
    if (meetingId === null) return;
    const detail = await api.getMeeting(meetingId);
    if (get().meetingId === meetingId && detail !== null) set({ detail });
  },
  setTime: (currentTime) => set({ currentTime }),
  seekTo: (time) => set({ seek: { time, n: ++counter } }),
  focusSegment: (segment) => set({ focus: { segment, n: ++counter } }),
  async renameSpeaker(api, label, name) {
    const { meetingId } = get();
    if (meetingId === null) return;
    try {
      if (!(await api.renameSpeaker(meetingId, label, name))) set({ error: `The meeting has no speaker ${label}.` });
      else {
        await get().reload(api);
        set({ notice: name.trim() === '' ? `${label} has its label back.` : `${label} is now ${name.trim()}.` });
      }
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async correctSegment(api, segment, text) {
    const { meetingId } = get();
    if (meetingId === null) return false;
    try {
      if (!(await api.correctSegment(meetingId, segment, text))) {
        set({ error: 'That line is no longer in the transcript.' });
        return false;
      }
      await get().reload(api);
      set({ notice: 'Line corrected; exports use the correction.', error: null });
      return true;
    } catch (error) {
      set({ error: message(error) });
      return false;
    }
  },
  say: (notice, error = null) => set({ notice, error }),
}));
