import type { ExportedFile, ExportFormat, MeetingLibraryReader } from '../../contract/library.js';

import { exportFileName, exportMeeting } from './export-meeting.js';

const mimeTypes: Record<ExportFormat, string> = {
  txt: 'text/plain;charset=utf-8',
  md: 'text/markdown;charset=utf-8',
  srt: 'application/x-subrip;charset=utf-8',
  vtt: 'text/vtt;charset=utf-8',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  json: 'application/json',
  rttm: 'text/plain;charset=utf-8',
};

/** A completed meeting exported for a window to save: its file name, type and bytes (base64, JSON-safe). */
export async function exportForWindow(
  library: MeetingLibraryReader,
  meetingId: string,
  format: ExportFormat,
): Promise<ExportedFile> {
  const detail = await library.getMeeting(meetingId);
  if (detail === null) throw new Error('That meeting is no longer in the library.');
  if (detail.result === null)
    throw new Error(`The meeting is ${detail.meeting.status}; only completed meetings export.`);
  const body = await exportMeeting({ ...detail, result: detail.result }, format);
  return {
    fileName: exportFileName(detail, format),
    mimeType: mimeTypes[format],
    base64: Buffer.from(body).toString('base64'),
  };
}
