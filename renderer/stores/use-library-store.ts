import { create } from 'zustand';

import type { WorkerApi } from '../../electron/contract/api.js';
import type { MeetingListItem } from '../../electron/contract/library.js';
import type { TranscriptHit } from '../../electron/contract/meeting-edits.js';

interface LibraryStore {
  meetings: MeetingListItem[] | null;
  /** The last search and its hits; null hits while nothing is searched. */
  query: string;
  hits: TranscriptHit[] | null;
  /** Why the library could not be read or changed; null when all is well. */
  error: string | null;
  load(api: WorkerApi): Promise<void>;
  search(api: WorkerApi, query: string): Promise<void>;
  remove(api: WorkerApi, meetingId: string): Promise<boolean>;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** The local meetings and the transcript search, for the library panel. */
export const useLibraryStore = create<LibraryStore>()((set, get) => ({
  meetings: null,
  query: '',
  hits: null,
  error: null,
  async load(api) {
    try {
      set({ meetings: await api.listMeetings(), error: null });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async search(api, query) {
    const trimmed = query.trim();
    set({ query });
    if (trimmed === '') {
      set({ hits: null });
      return;
    }
    try {
      const hits = await api.searchTranscripts(trimmed);
      // A slower answer to an older query must not replace a newer one's.
      if (get().query === query) set({ hits, error: null });
    } catch (error) {
      set({ error: message(error) });
    }
  },
  async remove(api, meetingId) {
    try {
      const outcome = await api.deleteMeeting(meetingId);
      if (!outcome.deleted) {
        set({ error: outcome.reason });
        return false;
      }
      set((store) => ({
        meetings: store.meetings?.filter((m) => m.id !== meetingId) ?? null,
        hits: store.hits?.filter((h) => h.meetingId !== meetingId) ?? null,
        error: null,
      }));
      return true;
    } catch (error) {
      set({ error: message(error) });
      return false;
    }
  },
}));
