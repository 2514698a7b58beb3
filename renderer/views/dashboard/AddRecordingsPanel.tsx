import { useRef } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import { ProgressBar } from '../../components/ProgressBar.js';
import { useAddRecordingsStore } from '../../stores/use-add-recordings-store.js';
import './add-recordings.css';

/** The picker's filter; every file can still be chosen ("All files"), and the worker checks each one. */
const acceptedFiles = 'audio/*,video/*,.m4a,.opus,.amr,.wma,.mkv';

function UploadLine() {
  const progress = useAddRecordingsStore((store) => store.progress);
  const busy = useAddRecordingsStore((store) => store.busy);
  if (!busy) return null;
  if (progress === null) return <p className="muted">Adding…</p>;
  const share = progress.totalBytes === 0 ? 0 : progress.sentBytes / progress.totalBytes;
  return (
    <div className="upload-line">
      <span>
        Uploading {progress.name}: {Math.round(share * 100)} %
      </span>
      <ProgressBar value={share} label={`Uploading ${progress.name}`} />
    </div>
  );
}

/** "Add recordings…" (a file picker, several files) and what became of each file added. */
export function AddRecordingsPanel({ api }: { api: WorkerApi }) {
  const input = useRef<HTMLInputElement>(null);
  const busy = useAddRecordingsStore((store) => store.busy);
  const outcomes = useAddRecordingsStore((store) => store.outcomes);
  const add = useAddRecordingsStore((store) => store.add);
  return (
    <section className="panel wide add-recordings" aria-labelledby="add-heading">
      <h2 id="add-heading">Add recordings</h2>
      <div className="add-row">
        <button type="button" onClick={() => input.current?.click()} disabled={busy}>
          Add recordings…
        </button>
        <span className="muted">or drop audio or video files anywhere on this page.</span>
        <input
          ref={input}
          type="file"
          multiple
          accept={acceptedFiles}
          hidden
          data-testid="add-recordings-input"
          onChange={(event) => {
            const files = [...(event.currentTarget.files ?? [])];
            event.currentTarget.value = '';
            void add(api, files);
          }}
        />
      </div>
      <UploadLine />
      {outcomes.length === 0 ? null : (
        <ul className="add-outcomes" aria-live="polite">
          {outcomes.map((outcome, index) => (
            <li key={`${outcome.meetingId ?? outcome.name}-${String(index)}`} data-added={outcome.error === null}>
              <strong>{outcome.name}</strong>
              {outcome.error === null ? ': added to the queue.' : `: not added. ${outcome.error}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
