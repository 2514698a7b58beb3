import type { MeetingResult, SummaryItem } from '../contract/meeting-result.js';

function clock(seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  return `${String(minutes).padStart(2, '0')}:${(seconds - minutes * 60).toFixed(1).padStart(4, '0')}`;
}

/** The transcript as a person reads it in a terminal: one line per segment, with times and speaker. */
export function formatTranscript(result: MeetingResult): string {
  return result.segments
    .map((segment) => {
      const speaker = segment.speaker === null ? '' : ` ${segment.speaker}:`;
      return `[${clock(segment.start)} → ${clock(segment.end)}]${speaker} ${segment.text}`;
    })
    .join('\n');
}

const kindLabels: Record<SummaryItem['kind'], string> = {
  key_point: 'Key point',
  decision: 'Decision',
  action_item: 'Action',
  question: 'Question',
};

/** The summary after the transcript: the overview, then one line per item with its kind. */
export function formatSummary(result: MeetingResult): string {
  const summary = result.summary;
  if (summary === null) return '';
  const items = summary.items.map((item) => {
    const owner = item.owner === null ? '' : ` (${item.owner}${item.due === null ? '' : `, by ${item.due}`})`;
    return `- ${kindLabels[item.kind]}: ${item.text}${owner}`;
  });
  const overview = summary.overview.trim() === '' ? [] : [summary.overview];
  return `${['', 'Summary', ...overview, ...items].join('\n')}\n`;
}
