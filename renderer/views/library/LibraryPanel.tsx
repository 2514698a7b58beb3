import { useEffect, useState } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import type { MeetingListItem } from '../../../electron/contract/library.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { formatDuration } from '../../components/format.js';
import { meetingHref } from '../../hash-route.js';
import { useLibraryStore } from '../../stores/use-library-store.js';
import { useWorkerStore } from '../../stores/use-worker-store.js';

import { SearchResults } from './SearchResults.js';
import '../meeting/meeting.css';

function MeetingLibraryRow({ meeting, api }: { meeting: MeetingListItem; api: WorkerApi }) {
  const title = meeting.title ?? 'Untitled meeting';
  return (
    <tr data-testid="library-row" data-status={meeting.status}>
      <td>{meeting.status === 'completed' ? <a href={meetingHref(meeting.id)}>{title}</a> : title}</td>
      <td>{new Date(meeting.createdAt).toLocaleDateString()}</td>
      <td>{formatDuration(meeting.durationSec)}</td>
      <td>
        <span className={`badge status-${meeting.status}`}>{meeting.status}</span>
      </td>
      <td>{meeting.speakers.length === 0 ? '–' : meeting.speakers.join(', ')}</td>
      <td>
        <ConfirmButton
          label="Delete"
          question="Delete the meeting and its recording?"
          confirmLabel="Delete"
          disabled={meeting.status === 'processing'}
          onConfirm={() => void useLibraryStore.getState().remove(api, meeting.id)}
        />
      </td>
    </tr>
  );
}

/** The local meetings (title, date, length, status, speakers) and a search over every transcript. */
export function LibraryPanel({ api }: { api: WorkerApi }) {
  const { meetings, query, hits, error } = useLibraryStore();
  const [typed, setTyped] = useState(query);
  // The library follows the queue: a meeting added, started or finished changes the counts.
  const queueCounts = useWorkerStore((store) => JSON.stringify(store.snapshot?.queueCounts ?? {}));
  useEffect(() => {
    void useLibraryStore.getState().load(api);
  }, [api, queueCounts]);
  useEffect(() => {
    const timer = setTimeout(() => void useLibraryStore.getState().search(api, typed), 250);
    return () => clearTimeout(timer);
  }, [api, typed]);
  return (
    <section className="panel wide library" aria-labelledby="library-heading">
      <h2 id="library-heading">Meetings</h2>
      <input
        type="search"
        className="library-search"
        placeholder="Search every transcript (words, “a phrase”, -not)"
        aria-label="Search transcripts"
        value={typed}
        onChange={(event) => setTyped(event.target.value)}
      />
      {error === null ? null : (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {hits === null ? null : <SearchResults query={query} hits={hits} />}
      {meetings === null ? (
        <p className="muted">Loading the library…</p>
      ) : meetings.length === 0 ? (
        <p className="empty">No meetings yet. Add a recording and it appears here once processed.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Title</th>
              <th>Date</th>
              <th>Length</th>
              <th>Status</th>
              <th>Speakers</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {meetings.map((meeting) => (
              <MeetingLibraryRow key={meeting.id} meeting={meeting} api={api} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
