import type { MeetingResult, SummaryItem } from '../../../electron/contract/meeting-result.js';
import { summaryWithNames } from '../../../electron/contract/summary-speakers.js';
import { readableClock } from '../../../electron/contract/transcript-turns.js';
import { useMeetingStore } from '../../stores/use-meeting-store.js';

const headings: Record<SummaryItem['kind'], string> = {
  key_point: 'Key points',
  decision: 'Decisions',
  action_item: 'Action items',
  question: 'Questions asked',
};

/** Each cited line as a time; a click scrolls the transcript to it and moves the player there. */
function Citations({ item, result }: { item: SummaryItem; result: MeetingResult }) {
  return (
    <span className="citations">
      {item.segments.map((index) => {
        const segment = result.segments[index];
        if (segment === undefined) return null;
        return (
          <button
            key={index}
            type="button"
            className="link citation"
            data-testid="citation"
            data-segment={index}
            onClick={() => {
              const store = useMeetingStore.getState();
              store.focusSegment(index);
              store.seekTo(segment.start);
            }}
          >
            {readableClock(segment.start)}
          </button>
        );
      })}
    </span>
  );
}

export function SummaryPanel({ result }: { result: MeetingResult }) {
  if (result.summary === null) return null;
  const summary = summaryWithNames(result.summary, result.speakers);
  return (
    <section className="panel summary" aria-labelledby="summary-heading">
      <h2 id="summary-heading">Summary</h2>
      {summary.overview.trim() === '' ? null : <p>{summary.overview}</p>}
      {(Object.keys(headings) as SummaryItem['kind'][]).map((kind) => {
        const items = summary.items.filter((item) => item.kind === kind);
        if (items.length === 0) return null;
        return (
          <div key={kind}>
            <h3>{headings[kind]}</h3>
            <ul>
              {items.map((item, i) => (
                <li key={i} data-testid="summary-item">
                  {item.text}
                  {item.owner === null ? null : <span className="muted"> — {item.owner}</span>}
                  {item.due === null ? null : <span className="muted">, due {item.due}</span>}{' '}
                  <Citations item={item} result={result} />
                </li>
              ))}
            </ul>
          </div>
        );
      })}
    </section>
  );
}
