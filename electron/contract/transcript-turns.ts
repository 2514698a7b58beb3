import type { MeetingResult } from './meeting-result.js';

/** Consecutive segments of one speaker, read as one paragraph. */
export interface TranscriptTurn {
  /** The speaker's name where a person gave one, else the label (S1); null without diarization. */
  speaker: string | null;
  start: number;
  end: number;
  text: string;
  /** Indices into the result's segments. */
  segments: number[];
}

/** Display names by label: a name a person gave (or a linked voiceprint's), else the label itself. */
export function speakerNames(result: MeetingResult): Map<string, string> {
  return new Map(result.speakers.map((speaker) => [speaker.label, speaker.name ?? speaker.label]));
}

export function transcriptTurns(result: MeetingResult): TranscriptTurn[] {
  const names = speakerNames(result);
  const turns: TranscriptTurn[] = [];
  result.segments.forEach((segment, index) => {
    const speaker = segment.speaker === null ? null : (names.get(segment.speaker) ?? segment.speaker);
    const text = segment.text.trim();
    if (text === '') return;
    const last = turns.at(-1);
    if (last !== undefined && last.speaker === speaker) {
      last.end = segment.end;
      last.text = `${last.text} ${text}`;
      last.segments.push(index);
    } else turns.push({ speaker, start: segment.start, end: segment.end, text, segments: [index] });
  });
  return turns;
}

/** h:mm:ss (or m:ss under an hour), as a reader scans a transcript. */
export function readableClock(seconds: number): string {
  const whole = Math.floor(seconds);
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = String(whole % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}
