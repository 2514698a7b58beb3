import { useState } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import type { Segment } from '../../../electron/contract/meeting-result.js';
import { readableClock } from '../../../electron/contract/transcript-turns.js';
import { useMeetingStore } from '../../stores/use-meeting-store.js';

export interface SegmentRowProps {
  api: WorkerApi;
  index: number;
  segment: Segment;
  /** The speaker's name at the start of a turn; null inside a turn. */
  turnSpeaker: string | null;
  active: boolean;
  focused: boolean;
}

function CorrectionForm({
  api,
  index,
  segment,
  onDone,
}: Omit<SegmentRowProps, 'turnSpeaker' | 'active' | 'focused'> & { onDone: () => void }) {
  const [text, setText] = useState(segment.text.trim());
  return (
    <form
      className="correction"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim() === '') return;
        void useMeetingStore
          .getState()
          .correctSegment(api, index, text)
          .then((saved) => saved && onDone());
      }}
    >
      <textarea
        aria-label={`Text of the line at ${readableClock(segment.start)}`}
        value={text}
        rows={Math.min(6, Math.max(2, Math.ceil(text.length / 80)))}
        onChange={(event) => setText(event.target.value)}
        autoFocus
      />
      <button type="submit" disabled={text.trim() === ''}>
        Save
      </button>
      <button type="button" onClick={onDone}>
        Cancel
      </button>
    </form>
  );
}

/** One transcript line: its time (click to play from there), its text, and a correction in place. */
export function SegmentRow({ api, index, segment, turnSpeaker, active, focused }: SegmentRowProps) {
  const [editing, setEditing] = useState(false);
  const classes = ['segment', active ? 'active' : '', focused ? 'focused' : ''].filter(Boolean).join(' ');
  return (
    <div className={classes} data-testid="segment" data-segment={index} aria-current={active ? 'true' : undefined}>
      {turnSpeaker === null ? null : <div className="turn-speaker">{turnSpeaker}</div>}
      <div className="segment-line">
        <button
          type="button"
          className="link time"
          title="Play from here"
          onClick={() => useMeetingStore.getState().seekTo(segment.start)}
        >
          {readableClock(segment.start)}
        </button>
        {editing ? (
          <CorrectionForm api={api} index={index} segment={segment} onDone={() => setEditing(false)} />
        ) : (
          <>
            <p className="segment-text">
              {segment.text.trim()}
              {segment.originalText === undefined ? null : (
                <span className="corrected" title={`The worker heard: ${segment.originalText}`}>
                  {' '}
                  (corrected)
                </span>
              )}
            </p>
            <button type="button" className="link edit" onClick={() => setEditing(true)}>
              Edit
            </button>
          </>
        )}
      </div>
    </div>
  );
}
