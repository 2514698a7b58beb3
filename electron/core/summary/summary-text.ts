import type { Segment, Summary, SummaryItem } from '../../contract/meeting-result.js';

/** One heading per kind of item, in the order every summary text (terminal, TXT, Markdown, DOCX) lists them. */
export const summaryHeadings: Record<SummaryItem['kind'], string> = {
  key_point: 'Key points',
  decision: 'Decisions',
  action_item: 'Action items',
  question: 'Questions asked',
};

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const hours = Math.floor(whole / 3600);
  const minutes = String(Math.floor((whole % 3600) / 60)).padStart(2, '0');
  const rest = String(whole % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${minutes}:${rest}` : `${minutes}:${rest}`;
}

/** Where an item comes from, as a reader finds it: the time of its first cited segment and who spoke. */
function citation(item: SummaryItem, segments: readonly Segment[]): string {
  const first = segments[item.segments[0] ?? -1];
  if (first === undefined) return '';
  const who = item.speakers.length > 0 ? `${item.speakers.join(', ')}, ` : '';
  return ` [${who}${clock(first.start)}]`;
}

function itemLine(item: SummaryItem, segments: readonly Segment[]): string {
  const details = [
    item.owner === null ? null : `owner: ${item.owner}`,
    item.due === null ? null : `due: ${item.due}`,
  ].filter((detail) => detail !== null);
  const suffix = details.length > 0 ? ` (${details.join(', ')})` : '';
  return `  - ${item.text}${suffix}${citation(item, segments)}`;
}

/**
 * The summary as plain text for a terminal or a TXT export: the overview, then each kind of item
 * under its heading, each with the time and speakers of the transcript lines it cites.
 */
export function formatSummaryText(summary: Summary, segments: readonly Segment[]): string {
  const lines = [`Summary (${summary.backend})`, summary.overview];
  for (const kind of ['key_point', 'decision', 'action_item', 'question'] as const) {
    const items = summary.items.filter((item) => item.kind === kind);
    if (items.length === 0) continue;
    lines.push('', summaryHeadings[kind], ...items.map((item) => itemLine(item, segments)));
  }
  return lines.join('\n');
}
