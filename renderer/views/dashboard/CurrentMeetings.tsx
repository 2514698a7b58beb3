import type { CurrentMeeting, StageProgress } from '../../../electron/contract/api.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatDuration, secondsBetween } from '../../components/format.js';

/** Elapsed time, and an ETA from the rate so far (shown once there is enough progress to trust it). */
function timing(stage: StageProgress, now: string): string {
  if (stage.startedAt === null) return 'waiting';
  const elapsed = secondsBetween(stage.startedAt, stage.endedAt ?? now) ?? 0;
  if (stage.endedAt !== null) return `done in ${formatDuration(elapsed)}`;
  if (stage.progress < 0.05) return `${formatDuration(elapsed)} elapsed`;
  return `${formatDuration(elapsed)} elapsed, about ${formatDuration((elapsed / stage.progress) * (1 - stage.progress))} left`;
}

function MeetingProgress({ meeting, now }: { meeting: CurrentMeeting; now: string }) {
  return (
    <article className="current" data-testid="current-meeting">
      <h3>
        {meeting.title ?? 'Untitled meeting'} <span className="muted">attempt {meeting.attempt}</span>
      </h3>
      <ol className="stages">
        {meeting.stages.map((stage) => (
          <li key={stage.stage}>
            <span className="stage-name">{stage.stage}</span>
            <ProgressBar value={stage.progress} label={`${stage.stage} progress`} />
            <span className="muted">{timing(stage, now)}</span>
          </li>
        ))}
      </ol>
      <div className="transcript" data-testid="live-transcript" aria-live="polite">
        {meeting.segments.length === 0 ? (
          <p className="empty">The transcript appears here as it is produced.</p>
        ) : (
          meeting.segments.map((segment, index) => (
            <p key={index}>
              <span className="muted">{formatDuration(segment.start)}</span>{' '}
              {segment.speaker === null ? null : <strong>{segment.speaker}: </strong>}
              {segment.text}
            </p>
          ))
        )}
      </div>
    </article>
  );
}

export function CurrentMeetings({
  meetings,
  now,
  lastTranscript,
}: {
  meetings: CurrentMeeting[];
  now: string;
  lastTranscript: { title: string | null; text: string } | null;
}) {
  return (
    <section className="panel wide" aria-labelledby="current-heading">
      <h2 id="current-heading">Current meeting</h2>
      {meetings.length === 0 ? (
        <p className="empty">Nothing is being processed right now.</p>
      ) : (
        meetings.map((meeting) => <MeetingProgress key={meeting.id} meeting={meeting} now={now} />)
      )}
      {lastTranscript === null ? null : (
        <div className="transcript" data-testid="last-transcript">
          <h3>Last finished: {lastTranscript.title ?? 'Untitled meeting'}</h3>
          <p>{lastTranscript.text}</p>
        </div>
      )}
    </section>
  );
}
