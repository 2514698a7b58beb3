import { useState } from 'react';

import type { MeetingSummary, WorkerApi, WorkerSnapshot } from '../../../electron/contract/api.js';
import { formatDuration, formatTime, secondsBetween } from '../../components/format.js';
import { meetingHref } from '../../hash-route.js';

const statuses = ['pending', 'processing', 'completed', 'failed'];

function MeetingRow({
  meeting,
  lengthSec,
  api,
  onRetried,
}: {
  meeting: MeetingSummary;
  /** The recording's length: stored once completed, reported by the worker while it runs. */
  lengthSec: number | null;
  api: WorkerApi;
  onRetried: () => void;
}) {
  const [retrying, setRetrying] = useState(false);
  const retry = () => {
    setRetrying(true);
    void api
      .retryMeeting(meeting.id)
      .then(onRetried)
      .finally(() => setRetrying(false));
  };
  return (
    <tr data-testid="meeting-row" data-status={meeting.status}>
      <td>
        {/* A finished meeting opens its meeting view, as in the Meetings panel. */}
        {meeting.status === 'completed' ? (
          <a href={meetingHref(meeting.id)}>{meeting.title ?? 'Untitled meeting'}</a>
        ) : (
          (meeting.title ?? 'Untitled meeting')
        )}
      </td>
      <td>{formatDuration(lengthSec)}</td>
      <td>
        <span className={`badge status-${meeting.status}`}>{meeting.status}</span>
        {meeting.errorMessage === null ? null : (
          <div className="reason" data-testid="failure-reason">
            {meeting.errorMessage}
          </div>
        )}
      </td>
      <td>{meeting.worker ?? '–'}</td>
      <td>{formatTime(meeting.startedAt)}</td>
      <td>
        {meeting.status === 'completed' || meeting.status === 'failed'
          ? formatDuration(secondsBetween(meeting.startedAt, meeting.completedAt))
          : '–'}
      </td>
      <td>
        {meeting.status === 'failed' ? (
          <button type="button" onClick={retry} disabled={retrying}>
            Retry
          </button>
        ) : null}
      </td>
    </tr>
  );
}

export function QueuePanel({
  snapshot,
  api,
  onChanged,
}: {
  snapshot: WorkerSnapshot;
  api: WorkerApi;
  onChanged: () => void;
}) {
  return (
    <section className="panel wide" aria-labelledby="queue-heading">
      <h2 id="queue-heading">Queue</h2>
      {snapshot.queueError === null ? null : (
        <p className="error" role="alert">
          The queue could not be read: {snapshot.queueError}
        </p>
      )}
      <ul className="counts">
        {statuses.map((status) => (
          <li key={status} data-testid={`count-${status}`}>
            <span className="count">{snapshot.queueCounts[status] ?? 0}</span> {status}
          </li>
        ))}
      </ul>
      {snapshot.recentMeetings.length === 0 ? (
        <p className="empty">No meetings yet. New recordings appear here as soon as they are queued.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Title</th>
              <th>Length</th>
              <th>Status</th>
              <th>Worker</th>
              <th>Started</th>
              <th>Took</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {snapshot.recentMeetings.map((meeting) => (
              <MeetingRow
                key={meeting.id}
                meeting={meeting}
                lengthSec={
                  meeting.durationSec ??
                  snapshot.current.find((running) => running.id === meeting.id)?.durationSec ??
                  null
                }
                api={api}
                onRetried={onChanged}
              />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
