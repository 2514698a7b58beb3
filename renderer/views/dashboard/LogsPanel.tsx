import { useMemo, useState } from 'react';

import type { LogLine, WorkerApi } from '../../../electron/contract/api.js';
import { logLevels } from '../../../electron/contract/settings.js';

const rank = Object.fromEntries(logLevels.map((level, index) => [level, index])) as Record<LogLine['level'], number>;

export function LogsPanel({ logs, api }: { logs: LogLine[]; api: WorkerApi }) {
  const [level, setLevel] = useState<LogLine['level']>('info');
  const [search, setSearch] = useState('');
  const [folderNote, setFolderNote] = useState<string | null>(null);
  const shown = useMemo(
    () =>
      logs
        .filter(
          (line) =>
            rank[line.level] <= rank[level] &&
            (search === '' || line.message.toLowerCase().includes(search.toLowerCase())),
        )
        .slice(-200),
    [logs, level, search],
  );
  const text = shown
    .map((line) => `${line.time} ${line.level.toUpperCase()} [${line.logger}] ${line.message}`)
    .join('\n');
  const openFolder = () =>
    void api.openLogsFolder().then((result) => setFolderNote(result.opened ? null : `Logs are in ${result.path}`));
  return (
    <section className="panel wide" aria-labelledby="logs-heading">
      <h2 id="logs-heading">Logs</h2>
      <div className="toolbar">
        <label>
          Level{' '}
          <select value={level} onChange={(event) => setLevel(event.target.value as LogLine['level'])}>
            {logLevels.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Search <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <button type="button" onClick={() => void navigator.clipboard.writeText(text)}>
          Copy
        </button>
        <button type="button" onClick={openFolder}>
          Open folder
        </button>
        {folderNote === null ? null : <span className="muted">{folderNote}</span>}
      </div>
      {shown.length === 0 ? (
        <p className="empty">No log lines{search === '' ? ' yet' : ' match'}.</p>
      ) : (
        <pre className="logs" data-testid="logs">
          {text}
        </pre>
      )}
    </section>
  );
}
