import { useState } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import type { MeetingSpeaker } from '../../../electron/contract/meeting-result.js';
import { useMeetingStore } from '../../stores/use-meeting-store.js';

function SpeakerRow({ speaker, api }: { speaker: MeetingSpeaker; api: WorkerApi }) {
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(speaker.name ?? '');
  if (!editing)
    return (
      <li data-testid="speaker" data-label={speaker.label}>
        <span className="speaker-name">{speaker.name ?? speaker.label}</span>
        {speaker.name === null ? null : <span className="muted"> ({speaker.label})</span>}
        {speaker.speakerId === null ? null : (
          <span
            className="muted"
            title="Linked to a voiceprint: the name is kept for the next meetings with this voice"
          >
            {' '}
            · voiceprint
          </span>
        )}
        <button type="button" className="link" onClick={() => setEditing(true)}>
          Rename
        </button>
      </li>
    );
  return (
    <li data-testid="speaker" data-label={speaker.label}>
      <form
        className="inline-form"
        onSubmit={(event) => {
          event.preventDefault();
          setEditing(false);
          void useMeetingStore.getState().renameSpeaker(api, speaker.label, name);
        }}
      >
        <input
          aria-label={`Name for ${speaker.label}`}
          value={name}
          maxLength={200}
          placeholder={speaker.label}
          onChange={(event) => setName(event.target.value)}
          autoFocus
        />
        <button type="submit">Save</button>
        <button type="button" onClick={() => setEditing(false)}>
          Cancel
        </button>
      </form>
    </li>
  );
}

/** The meeting's speakers; a name given here is kept with the meeting and on a linked voiceprint. */
export function SpeakersPanel({ speakers, api }: { speakers: MeetingSpeaker[]; api: WorkerApi }) {
  if (speakers.length === 0) return null;
  return (
    <section className="panel speakers" aria-labelledby="speakers-heading">
      <h2 id="speakers-heading">Speakers</h2>
      <ul>
        {speakers.map((speaker) => (
          <SpeakerRow key={speaker.label} speaker={speaker} api={api} />
        ))}
      </ul>
    </section>
  );
}
