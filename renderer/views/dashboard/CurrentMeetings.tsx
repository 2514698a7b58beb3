import type { CurrentMeeting, StageProgress } from '../../../electron/contract/api.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { formatDuration, secondsBetween } from '../../components/format.js';
import { stageTiming, stageTimingText } from '../../components/stage-timing.js';

function StageRow({ stage, now }: { stage: StageProgress; now: string }) {
  const timing = stageTiming(stage, now);
  const { elapsed, eta } = stageTimingText(timing);
  return (
    <li data-testid="stage" data-stage={stage.stage} data-phase={timing.phase}>
      <span className="stage-name">{stage.stage}</span>
      <ProgressBar value={stage.progress} label={`${stage.stage} progress`} />
      <span className="stage-percent">{timing.phase === 'waiting' ? '' : `${Math.round(stage.progress * 100)}%`}</span>
      <span className="muted" data-testid="stage-elapsed">
        {elapsed}
      </span>
      <span className="muted" data-testid="stage-eta">
        {eta}
      </span>
    </li>
  );
}

function MeetingProgress({ meeting, now }: { meeting: CurrentMeeting; now: string }) {
  return (
    <article className="current" data-testid="current-meeting">
      <h3>
        {meeting.title ?? 'Untitled meeting'}{' '}
        <span className="muted">
          attempt {meeting.attempt}, running for {formatDuration(secondsBetween(meeting.startedAt, now))}
        </span>
      </h3>
      <ol className="stages" aria-label="Stages">
        {meeting.stages.map((stage) => (
          <StageRow key={stage.stage} stage={stage} now={now} />
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
