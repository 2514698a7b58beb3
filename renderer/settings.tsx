import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import type { SettingsView, WorkerApi } from '../electron/contract/api.js';

import { chooseWorkerApi, isDesktopApp } from './api/electron.js';
import { SettingsForm } from './views/settings/SettingsForm.js';
import { useSystemInfo } from './views/settings/use-system-info.js';
import './styles.css';

function SettingsWindow({ api }: { api: WorkerApi }) {
  const [view, setView] = useState<SettingsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const system = useSystemInfo(api);
  useEffect(() => {
    api.getSettings().then(setView, (caught: unknown) => setError((caught as Error).message));
  }, [api]);
  return (
    <main className="settings-window">
      <h1>PC Worker settings</h1>
      {error === null ? null : (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {notice === null ? null : (
        <p className="notice" role="status" data-testid="saved-notice">
          {notice}
        </p>
      )}
      {view === null ? (
        error === null ? (
          <p>Loading…</p>
        ) : null
      ) : (
        <SettingsForm
          key={String(view.firstRun)}
          api={api}
          view={view}
          system={system}
          desktop={isDesktopApp()}
          onSaved={(saved, message) => {
            setView(saved);
            setNotice(message);
          }}
        />
      )}
    </main>
  );
}

const root = document.getElementById('root');
if (root !== null) createRoot(root).render(<SettingsWindow api={chooseWorkerApi()} />);
