import { hitMarks, type TranscriptHit } from '../../../electron/contract/meeting-edits.js';
import { readableClock } from '../../../electron/contract/transcript-turns.js';
import { meetingHref } from '../../hash-route.js';

/** The snippet with its matching words in <mark>, built from the markers (never parsed as HTML). */
function Snippet({ text }: { text: string }) {
  const parts = text.split(hitMarks.start);
  return (
    <>
      {parts.map((part, i) => {
        if (i === 0) return part;
        const [hit = '', rest = ''] = part.split(hitMarks.stop);
        return (
          <span key={i}>
            <mark>{hit}</mark>
            {rest}
          </span>
        );
      })}
    </>
  );
}

export function SearchResults({ query, hits }: { query: string; hits: TranscriptHit[] }) {
  if (hits.length === 0) return <p className="empty">No transcript line matches “{query}”.</p>;
  return (
    <ol className="search-hits" aria-label="Search results">
      {hits.map((hit) => (
        <li key={`${hit.meetingId}:${String(hit.segment)}`} data-testid="search-hit">
          <a href={meetingHref(hit.meetingId, hit.segment)}>
            <span className="hit-where">
              {hit.meetingTitle ?? 'Untitled meeting'} · {readableClock(hit.start)}
              {hit.speaker === null ? '' : ` · ${hit.speaker}`}
            </span>
            <span className="hit-text">
              <Snippet text={hit.snippet} />
            </span>
          </a>
        </li>
      ))}
    </ol>
  );
}
