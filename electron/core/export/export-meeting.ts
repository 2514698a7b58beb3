import type { ExportFormat, MeetingDetail } from '../../contract/library.js';
import type { MeetingResult } from '../../contract/meeting-result.js';
import { summaryWithNames } from '../../contract/summary-speakers.js';

import { toDocx } from './docx-export.js';
import { toRttm } from './rttm.js';
import { toSrt, toVtt } from './subtitles.js';
import { toMarkdown, toText } from './text-exports.js';

/** The file a format is written as: the meeting's title made safe for a file name, and the extension. */
export function exportFileName(detail: MeetingDetail, format: ExportFormat): string {
  const base = (detail.meeting.title ?? detail.meeting.id)
    .replace(/\.[a-z0-9]{1,5}$/i, '')
    .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
    .trim()
    .slice(0, 80);
  return `${base || detail.meeting.id}.${format}`;
}

/** One completed meeting in the chosen format: text for every format but DOCX (bytes). */
export async function exportMeeting(
  detail: MeetingDetail & { result: MeetingResult },
  format: ExportFormat,
): Promise<string | Buffer> {
  // Documents show today's speaker names in the summary too; the JSON keeps the stored labels.
  const result =
    detail.result.summary === null
      ? detail.result
      : { ...detail.result, summary: summaryWithNames(detail.result.summary, detail.result.speakers) };
  switch (format) {
    case 'txt':
      return toText(detail, result);
    case 'md':
      return toMarkdown(detail, result);
    case 'srt':
      return toSrt(result);
    case 'vtt':
      return toVtt(result);
    case 'docx':
      return toDocx(detail, result);
    case 'json':
      return `${JSON.stringify(detail.result, null, 2)}\n`;
    case 'rttm':
      return toRttm(result, exportFileName(detail, 'rttm').replace(/\.rttm$/, ''));
  }
}
