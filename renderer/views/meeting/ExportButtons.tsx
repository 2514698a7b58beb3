import { useState } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import { exportFormats, type ExportedFile, type ExportFormat } from '../../../electron/contract/library.js';
import { useMeetingStore } from '../../stores/use-meeting-store.js';

const formatNames: Record<ExportFormat, string> = {
  txt: 'Text',
  md: 'Markdown',
  srt: 'SRT',
  vtt: 'WebVTT',
  docx: 'Word',
  json: 'JSON',
  rttm: 'RTTM',
};

/** A browser download of the exported bytes (the headless dashboard). */
function download(file: ExportedFile): void {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** One button per format: a save dialog in the desktop app, a download in the browser. */
export function ExportButtons({ api, meetingId }: { api: WorkerApi; meetingId: string }) {
  const [busy, setBusy] = useState<ExportFormat | null>(null);
  const run = async (format: ExportFormat) => {
    setBusy(format);
    const say = (notice: string | null, error?: string) => useMeetingStore.getState().say(notice, error);
    try {
      const outcome = await api.saveMeetingExport(meetingId, format);
      if (outcome.outcome === 'download') {
        download(outcome.file);
        say(`Downloaded ${outcome.file.fileName}.`);
      } else if (outcome.outcome === 'saved') say(`Saved to ${outcome.path}.`);
      else say(null);
    } catch (error) {
      say(null, (error as Error).message);
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="export-buttons" role="group" aria-label="Export">
      <span className="muted">Export</span>
      {exportFormats.map((format) => (
        <button key={format} type="button" disabled={busy !== null} onClick={() => void run(format)}>
          {formatNames[format]}
        </button>
      ))}
    </div>
  );
}
