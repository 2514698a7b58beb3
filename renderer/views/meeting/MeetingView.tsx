import { useEffect } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import { readableClock } from '../../../electron/contract/transcript-turns.js';
import { ConfirmButton } from '../../components/ConfirmButton.js';
import { useLibraryStore } from '../../stores/use-library-store.js';
import { useMeetingStore } from '../../stores/use-meeting-store.js';

import { AudioPlayer } from './AudioPlayer.js';
import { ExportButtons } from './ExportButtons.js';
import { SpeakersPanel } from './SpeakersPanel.js';
import { SummaryPanel } from './SummaryPanel.js';
import { TranscriptList } from './TranscriptList.js';
import './meeting.css';

/** One meeting: its recording, transcript, speakers and summary, to read, correct and export. */
export function MeetingView({
  api,
  meetingId,
  segment,
}: {
  api: WorkerApi;
  meetingId: string;
  segment: number | null;
  desktop: boolean;
}) {
  const { detail, audioUrl, error, notice } = useMeetingStore();
  useEffect(() => {
    void useMeetingStore
      .getState()
      .open(api, meetingId)
      .then(() => {
        const start =
          segment === null ? undefined : useMeetingStore.getState().detail?.result?.segments[segment]?.start;
        if (segment !== null && start !== undefined) {
          useMeetingStore.getState().focusSegment(segment);
          useMeetingStore.getState().seekTo(start);
        }
      });
  }, [api, meetingId, segment]);
  const remove = () =>
    void useLibraryStore
      .getState()
      .remove(api, meetingId)
      .then((deleted) => {
        if (deleted) window.location.hash = '';
        else useMeetingStore.getState().say(null, useLibraryStore.getState().error);
      });
  const result = detail?.result ?? null;
  return (
    <main className="meeting-view">
      <header className="meeting-header">
        <a href="#" className="back">
          ← Meetings
        </a>
        <h1>{detail?.meeting.title ?? (error === null ? 'Loading…' : 'Meeting')}</h1>
        {detail === null ? null : (
          <p className="muted">
            {new Date(detail.meeting.createdAt).toLocaleString()} · {readableClock(detail.meeting.durationSec ?? 0)}
            {detail.meeting.language === null ? '' : ` · ${detail.meeting.language}`}
          </p>
        )}
        {error === null ? null : (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        {notice === null ? null : (
          <p className="notice" role="status">
            {notice}
          </p>
        )}
      </header>
      {detail === null ? null : result === null ? (
        <p className="panel">The meeting is {detail.meeting.status}: its transcript appears once it is processed.</p>
      ) : (
        <>
          <div className="meeting-tools panel">
            <AudioPlayer url={audioUrl} />
            <ExportButtons api={api} meetingId={meetingId} />
            <ConfirmButton
              label="Delete meeting"
              question="Delete the meeting and its recording? Voiceprints stay."
              confirmLabel="Delete"
              onConfirm={remove}
            />
          </div>
          <div className="meeting-body">
            <section className="panel transcript-panel" aria-labelledby="transcript-heading">
              <h2 id="transcript-heading">Transcript</h2>
              <TranscriptList api={api} result={result} />
            </section>
            <aside className="meeting-side">
              <SummaryPanel result={result} />
              <SpeakersPanel speakers={result.speakers} api={api} />
            </aside>
          </div>
        </>
      )}
    </main>
  );
}
