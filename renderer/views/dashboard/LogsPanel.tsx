import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';

import type { LogLine, WorkerApi } from '../../../electron/contract/api.js';
import { logLevels } from '../../../electron/contract/settings.js';

const rank = Object.fromEntries(logLevels.map((level, index) => [level, index])) as Record<LogLine['level'], number>;
const shownLines = 200;
const levelNames: Record<LogLine['level'], string> = {
  error: 'Errors only',
  warn: 'Warnings and errors',
  info: 'Info and above',
  debug: 'Everything (debug)',
};

const formatLine = (line: LogLine) => `${line.time} ${line.level.toUpperCase()} [${line.logger}] ${line.message}`;

function folderText(path: string | null): string {
  return path === null
    ? 'This worker writes its log to the console only; start it with LOG_DIR set to keep log files.'
    : `Log files: ${path}`;
}

/**
 * Where the log files are. The desktop app opens the folder; a browser cannot open a folder on the
 * worker's machine (it may be watched through an SSH tunnel), so the headless dashboard names it.
 */
function LogsFolder({ api, desktop }: { api: WorkerApi; desktop: boolean }) {
  const [note, setNote] = useState<string | null>(null);
  useEffect(() => {
    if (desktop) return;
    api.openLogsFolder().then(
      (result) => setNote(folderText(result.path)),
      (error: unknown) => setNote(`The log folder is unknown: ${(error as Error).message}`),
    );
  }, [api, desktop]);
  const open = () =>
    api.openLogsFolder().then(
      (result) => setNote(result.opened ? null : `Could not open the folder. ${folderText(result.path)}`),
      (error: unknown) => setNote(`Could not open the folder: ${(error as Error).message}`),
    );
  return (
    <>
      {desktop ? (
        <button type="button" onClick={() => void open()}>
          Open logs folder
        </button>
      ) : null}
      {note === null ? null : (
        <span className="muted folder-note" data-testid="logs-folder">
          {note}
        </span>
      )}
    </>
  );
}

export function LogsPanel({ logs, api, desktop }: { logs: LogLine[]; api: WorkerApi; desktop: boolean }) {
  const [level, setLevel] = useState<LogLine['level']>('info');
  const [search, setSearch] = useState('');
  const [copyNote, setCopyNote] = useState<string | null>(null);
  const tail = useRef<HTMLPreElement>(null);
  const following = useRef(true);
  const shown = useMemo(() => {
    const needle = search.trim().toLowerCase();
    return logs
      .filter((line) => rank[line.level] <= rank[level])
      .filter((line) => needle === '' || formatLine(line).toLowerCase().includes(needle))
      .slice(-shownLines);
  }, [logs, level, search]);
  const text = shown.map(formatLine).join('\n');
  // A live tail: new lines scroll into view unless the reader has scrolled up to read older ones.
  useLayoutEffect(() => {
    const element = tail.current;
    if (element !== null && following.current) element.scrollTop = element.scrollHeight;
  }, [text]);
  const onScroll = () => {
    const element = tail.current;
    if (element !== null) following.current = element.scrollHeight - element.scrollTop - element.clientHeight < 24;
  };
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setCopyNote(`Copied ${shown.length} line${shown.length === 1 ? '' : 's'}.`),
      (error: unknown) => setCopyNote(`Could not copy: ${(error as Error).message}`),
    );
  return (
    <section className="panel wide" aria-labelledby="logs-heading">
      <h2 id="logs-heading">Logs</h2>
      <div className="toolbar">
        <label>
          Level{' '}
          <select value={level} onChange={(event) => setLevel(event.target.value as LogLine['level'])}>
            {logLevels.map((name) => (
              <option key={name} value={name}>
                {levelNames[name]}
              </option>
            ))}
          </select>
        </label>
        <label>
          Search <input type="search" value={search} onChange={(event) => setSearch(event.target.value)} />
        </label>
        <button type="button" onClick={() => void copy()} disabled={shown.length === 0}>
          Copy
        </button>
        {copyNote === null ? null : (
          <span className="muted" role="status">
            {copyNote}
          </span>
        )}
        <LogsFolder api={api} desktop={desktop} />
      </div>
      {shown.length === 0 ? (
        <p className="empty" data-testid="logs-empty">
          {logs.length === 0 ? 'No log lines yet.' : 'No log lines match the level and search.'}
        </p>
      ) : (
        <pre className="logs" data-testid="logs" tabIndex={0} aria-label="Log lines" ref={tail} onScroll={onScroll}>
          {text}
        </pre>
      )}
    </section>
  );
}
