import { useEffect, useState } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import { useWorkerStore } from '../../stores/use-worker-store.js';
import { LibraryPanel } from '../library/LibraryPanel.js';

import { AddRecordingsPanel } from './AddRecordingsPanel.js';
import { CurrentMeetings } from './CurrentMeetings.js';
import { HardwarePanel } from './HardwarePanel.js';
import { LogsPanel } from './LogsPanel.js';
import { QueuePanel } from './QueuePanel.js';
import { SpeakerSuggestionsPanel } from './SpeakerSuggestionsPanel.js';
import { WorkerPanel } from './WorkerPanel.js';
import { useRecordingDrop } from './use-recording-drop.js';

function useNow(intervalMs = 1000): string {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date().toISOString()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function Dashboard({ api, desktop }: { api: WorkerApi; desktop: boolean }) {
  const snapshot = useWorkerStore((store) => store.snapshot);
  const error = useWorkerStore((store) => store.error);
  const lastTranscript = useWorkerStore((store) => store.lastTranscript);
  const now = useNow();
  // Recordings are added here only in local mode; in Supabase mode the web app adds them.
  const localMode = snapshot?.mode === 'embedded';
  const drop = useRecordingDrop(api, localMode);
  const reload = () => void api.getSnapshot().then((next) => useWorkerStore.getState().setSnapshot(next));
  if (snapshot === null) {
    return (
      <main className="loading">
        {error === null ? (
          <p>Connecting to the worker…</p>
        ) : (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </main>
    );
  }
  return (
    <main className={drop.dropping ? 'dashboard dropping' : 'dashboard'} {...drop.handlers}>
      <header>
        <h1>PC Worker</h1>
        {error === null ? null : (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </header>
      {drop.dropping ? <p className="drop-hint">Drop to add these recordings to the queue</p> : null}
      <WorkerPanel snapshot={snapshot} api={api} now={now} />
      <HardwarePanel system={snapshot.system} />
      {localMode ? <AddRecordingsPanel api={api} /> : null}
      <CurrentMeetings meetings={snapshot.current} now={now} lastTranscript={lastTranscript} />
      <SpeakerSuggestionsPanel suggestions={snapshot.speakerSuggestions} api={api} onChanged={reload} />
      <LibraryPanel api={api} />
      <QueuePanel snapshot={snapshot} api={api} onChanged={reload} />
      <LogsPanel logs={snapshot.logs} api={api} desktop={desktop} />
    </main>
  );
}
