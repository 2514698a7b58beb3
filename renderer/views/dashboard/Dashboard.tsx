import { useEffect, useState } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import { useWorkerStore } from '../../stores/use-worker-store.js';

import { CurrentMeetings } from './CurrentMeetings.js';
import { HardwarePanel } from './HardwarePanel.js';
import { LogsPanel } from './LogsPanel.js';
import { QueuePanel } from './QueuePanel.js';
import { SpeakerSuggestionsPanel } from './SpeakerSuggestionsPanel.js';
import { WorkerPanel } from './WorkerPanel.js';

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
    <main className="dashboard">
      <header>
        <h1>PC Worker</h1>
        {error === null ? null : (
          <p className="error" role="alert">
            {error}
          </p>
        )}
      </header>
      <WorkerPanel snapshot={snapshot} api={api} now={now} />
      <HardwarePanel system={snapshot.system} />
      <CurrentMeetings meetings={snapshot.current} now={now} lastTranscript={lastTranscript} />
      <SpeakerSuggestionsPanel suggestions={snapshot.speakerSuggestions} api={api} onChanged={reload} />
      <QueuePanel snapshot={snapshot} api={api} onChanged={reload} />
      <LogsPanel logs={snapshot.logs} api={api} desktop={desktop} />
    </main>
  );
}
