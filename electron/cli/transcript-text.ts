import type { MeetingResult } from '../contract/meeting-result.js';

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
