import type { MeetingDetail } from '../../contract/library.js';
import type { MeetingResult, SummaryItem } from '../../contract/meeting-result.js';
import { readableClock, transcriptTurns } from '../../contract/transcript-turns.js';
import { summaryHeadings } from '../summary/summary-text.js';

function title(detail: MeetingDetail): string {
  return detail.meeting.title ?? 'Meeting';
}

/** "Added 2026-12-03 · 3:12 · en", the line under a title. */
export function meetingFacts(detail: MeetingDetail, result: MeetingResult): string {
  return [`Added ${detail.meeting.createdAt.slice(0, 10)}`, readableClock(result.durationSec), result.language].join(
    ' · ',
  );
}

/** Plain text: the title, then one paragraph per speaker turn, with its start time. */
export function toText(detail: MeetingDetail, result: MeetingResult): string {
  const turns = transcriptTurns(result).map(
    (turn) => `[${readableClock(turn.start)}] ${turn.speaker === null ? '' : `${turn.speaker}: `}${turn.text}`,
  );
  return [title(detail), meetingFacts(detail, result), '', ...turns.flatMap((t) => [t, ''])].join('\n');
}

function itemLine(item: SummaryItem, result: MeetingResult): string {
  const extras = [
    item.owner === null ? null : `owner: ${item.owner}`,
    item.due === null ? null : `due: ${item.due}`,
    item.segments.length === 0
      ? null
      : `at ${item.segments.map((i) => readableClock(result.segments[i]?.start ?? 0)).join(', ')}`,
  ].filter((part) => part !== null);
  return `- ${item.text}${extras.length > 0 ? ` (${extras.join('; ')})` : ''}`;
}

const escapeMarkdown = (text: string) => text.replace(/([\\`*_[\]#<>|])/g, '\\$1');

/** Markdown: title, the summary by kind (with the times its citations point at), then the transcript. */
export function toMarkdown(detail: MeetingDetail, result: MeetingResult): string {
  const out = [`# ${escapeMarkdown(title(detail))}`, '', meetingFacts(detail, result), ''];
  if (result.summary !== null) {
    out.push('## Summary', '');
    if (result.summary.overview.trim() !== '') out.push(escapeMarkdown(result.summary.overview), '');
    for (const kind of Object.keys(summaryHeadings) as SummaryItem['kind'][]) {
      const items = result.summary.items.filter((item) => item.kind === kind);
      if (items.length === 0) continue;
      out.push(`### ${summaryHeadings[kind]}`, '', ...items.map((item) => itemLine(item, result)), '');
    }
  }
  out.push('## Transcript', '');
  for (const turn of transcriptTurns(result)) {
    const who = turn.speaker === null ? '' : `**${escapeMarkdown(turn.speaker)}** `;
    out.push(`${who}[${readableClock(turn.start)}]  `, escapeMarkdown(turn.text), '');
  }
  return out.join('\n');
}
