import { create } from 'zustand';

import type { WorkerApi, WorkerSnapshot } from '../../electron/contract/api.js';
import type { WorkerEvent } from '../../electron/contract/events.js';
import { applyWorkerEvent } from '../../electron/contract/live-view.js';

interface WorkerStore {
  snapshot: WorkerSnapshot | null;
  /** Why the dashboard could not load or act, for the banner; null when all is well. */
  error: string | null;
  /** The last transcript of a meeting that finished while this window was open. */
  lastTranscript: { meetingId: string; title: string | null; text: string } | null;
  setSnapshot(snapshot: WorkerSnapshot): void;
  apply(event: WorkerEvent): void;
  fail(message: string | null): void;
}

export const useWorkerStore = create<WorkerStore>()((set) => ({
  snapshot: null,
  error: null,
  lastTranscript: null,
  setSnapshot: (snapshot) => set({ snapshot, error: null }),
  apply: (event) =>
    set((store) => {
      if (store.snapshot === null) return {};
      const finished =
        event.type === 'meeting-finished' && event.outcome === 'completed'
          ? store.snapshot.current.find((m) => m.id === event.meetingId)
          : undefined;
      const lastTranscript =
        finished === undefined
          ? store.lastTranscript
          : {
              meetingId: finished.id,
              title: finished.title,
              text: finished.segments.map((s) => s.text.trim()).join(' '),
            };
      return { snapshot: applyWorkerEvent(store.snapshot, event, new Date().toISOString()), lastTranscript };
    }),
  fail: (message) => set({ error: message }),
}));

/** Subscribes first, then loads the snapshot, so no event is missed; reloads when the queue changes. */
export function connectWorkerStore(api: WorkerApi, refreshMs = 5000): () => void {
  const store = useWorkerStore.getState();
  const reload = () =>
    api.getSnapshot().then(
      (snapshot) => store.setSnapshot(snapshot),
      (error: unknown) => store.fail((error as Error).message),
    );
  const unsubscribe = api.onEvent((event) => {
    useWorkerStore.getState().apply(event);
    if (event.type === 'meeting-finished' || event.type === 'meeting-claimed' || event.type === 'worker-state')
      void reload();
  });
  void reload();
  const timer = setInterval(() => void reload(), refreshMs);
  return () => {
    unsubscribe();
    clearInterval(timer);
  };
}
