import { useState } from 'react';

import type { SpeakerSuggestion, WorkerApi } from '../../../electron/contract/api.js';
import { matchLikelihood } from '../../components/match-likelihood.js';

/** "Ada", or, for a voice nobody has named yet, where it was first heard. */
function voiceName(suggestion: SpeakerSuggestion): string {
  if (suggestion.speakerName !== null) return suggestion.speakerName;
  const heardIn = suggestion.firstHeardIn ?? 'an earlier meeting';
  return `the unnamed voice from “${heardIn}”`;
}

function SuggestionRow({
  suggestion,
  api,
  onDecided,
}: {
  suggestion: SpeakerSuggestion;
  api: WorkerApi;
  onDecided: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const decide = (action: () => Promise<boolean>) => {
    setBusy(true);
    setProblem(null);
    void action()
      .then((done) => {
        // false: someone else (the web app, another window) decided first; the reload shows how.
        if (!done) setProblem('This suggestion was already decided elsewhere.');
        onDecided();
      })
      .catch((error: unknown) => setProblem((error as Error).message))
      .finally(() => setBusy(false));
  };
  const name = voiceName(suggestion);
  return (
    <li className="suggestion" data-testid="speaker-suggestion" data-label={suggestion.label}>
      <p>
        In <strong>{suggestion.meetingTitle ?? 'Untitled meeting'}</strong>, speaker {suggestion.label} sounds like{' '}
        <strong>{name}</strong>
        {suggestion.score === null ? null : (
          <span
            className="muted"
            title={`Match score ${suggestion.score.toFixed(1)}: suggested from 2.5, linked without asking from 3.5`}
          >
            {' '}
            ({matchLikelihood(suggestion.score)})
          </span>
        )}
        .
      </p>
      {suggestion.sampleText === null ? null : (
        <blockquote data-testid="suggestion-sample">{suggestion.sampleText}</blockquote>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={busy}
          onClick={() => decide(() => api.confirmSpeaker(suggestion.meetingId, suggestion.label, suggestion.speakerId))}
        >
          Yes, it is {suggestion.speakerName ?? 'that voice'}
        </button>
        <button
          type="button"
          disabled={busy}
          onClick={() => decide(() => api.dismissSpeakerSuggestion(suggestion.meetingId, suggestion.label))}
        >
          No, someone else
        </button>
      </div>
      {problem === null ? null : (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
    </li>
  );
}

/**
 * Voices that sounded like a known person but not surely enough to link without asking. Confirming
 * teaches the voiceprint this meeting's voice; declining leaves the speaker unlinked. Hidden while
 * there is nothing to decide.
 */
export function SpeakerSuggestionsPanel({
  suggestions,
  api,
  onChanged,
}: {
  suggestions: SpeakerSuggestion[];
  api: WorkerApi;
  onChanged: () => void;
}) {
  if (suggestions.length === 0) return null;
  return (
    <section className="panel wide" aria-labelledby="suggestions-heading">
      <h2 id="suggestions-heading">Is this the same person?</h2>
      <ul className="suggestions">
        {suggestions.map((suggestion) => (
          <SuggestionRow
            key={`${suggestion.meetingId}/${suggestion.label}`}
            suggestion={suggestion}
            api={api}
            onDecided={onChanged}
          />
        ))}
      </ul>
    </section>
  );
}
