import { create } from 'zustand';

import type { WorkerApi } from '../../electron/contract/api.js';
import type { AddedRecording, RecordingFile, UploadProgress } from '../../electron/contract/recordings.js';

interface AddRecordingsStore {
  /** The file being uploaded now (headless dashboard), or null. */
  progress: UploadProgress | null;
  busy: boolean;
  /** What became of each file of the last adds, newest first. */
  outcomes: AddedRecording[];
  add: (api: WorkerApi, files: readonly RecordingFile[]) => Promise<void>;
}

/** Most outcomes kept on screen: enough for a dropped folder, not a growing list. */
const keptOutcomes = 20;

/** Adding recordings from the picker or a drop, shared by the panel and the page-wide drop target. */
export const useAddRecordingsStore = create<AddRecordingsStore>()((set, get) => ({
  progress: null,
  busy: false,
  outcomes: [],
  async add(api, files) {
    if (files.length === 0 || get().busy) return;
    set({ busy: true, progress: null });
    try {
      const outcomes = await api.addRecordings(files, {}, (progress) => set({ progress }));
      set((store) => ({ outcomes: [...outcomes.toReversed(), ...store.outcomes].slice(0, keptOutcomes) }));
    } catch (error) {
      const failed = files.map((file) => ({ name: file.name, meetingId: null, error: (error as Error).message }));
      set((store) => ({ outcomes: [...failed, ...store.outcomes].slice(0, keptOutcomes) }));
    } finally {
      set({ busy: false, progress: null });
    }
  },
}));
