import type { MeetingResult, Word } from '../../contract/meeting-result.js';
import { speakerNames } from '../../contract/transcript-turns.js';

/** The usual subtitle rules (BBC, Netflix timed-text guides): short lines, two at most, a cue at most 7 s. */
export const subtitleRules = { maxLineChars: 42, maxLines: 2, maxCueSeconds: 7 } as const;

export interface SubtitleCue {
  start: number;
  end: number;
  /** One or two lines, each within maxLineChars. */
  lines: string[];
}

/**
 * Splits text into at most two lines of at most 42 characters, as evenly as the spaces allow (a
 * balanced pair reads better than a full line and a stub); null when it does not fit.
 */
export function fitLines(text: string): string[] | null {
  const { maxLineChars } = subtitleRules;
  if (text.length <= maxLineChars) return [text];
  let best: string[] | null = null;
  for (let at = text.indexOf(' '); at >= 0; at = text.indexOf(' ', at + 1)) {
    const pair = [text.slice(0, at), text.slice(at + 1)];
    if (pair.some((line) => line.length > maxLineChars)) continue;
    if (best === null || Math.max(...pair.map((l) => l.length)) < Math.max(...best.map((l) => l.length))) best = pair;
  }
  return best;
}

/**
 * The segment's words, or its text spread evenly over its time where no word timings were kept or a
 * person corrected the line (the timed words are then the worker's, not the correction's).
 */
function timedWords(segment: MeetingResult['segments'][number]): Word[] {
  if (segment.words.length > 0 && segment.originalText === undefined) return segment.words;
  const tokens = segment.text.trim().split(/\s+/).filter(Boolean);
  const step = (segment.end - segment.start) / Math.max(1, tokens.length);
  // Each with its leading space, as Whisper's word pieces have it, so the cue builder keeps the spaces.
  return tokens.map((text, i) => ({
    text: ` ${text}`,
    start: segment.start + i * step,
    end: segment.start + (i + 1) * step,
    speaker: segment.speaker,
  }));
}

/**
 * Cues from the transcript's words: a new cue when the text would not fit two lines, when it would
 * last over 7 s, at a change of speaker (whose name then opens the cue), and after a sentence once
 * the cue holds some text. Cues never overlap.
 */
export function subtitleCues(result: MeetingResult): SubtitleCue[] {
  const names = speakerNames(result);
  const cues: SubtitleCue[] = [];
  let text = '';
  let start = 0;
  let end = 0;
  let speaker: string | null | undefined;
  const flush = () => {
    const lines = fitLines(text);
    if (text !== '' && lines !== null) cues.push({ start, end, lines });
    text = '';
  };
  for (const segment of result.segments) {
    const name = segment.speaker === null ? null : (names.get(segment.speaker) ?? segment.speaker);
    let index = 0;
    for (const word of timedWords(segment)) {
      const token = word.text.trim();
      if (token === '') continue;
      // Whisper's word pieces carry their leading space; one without ("-fat" after " flower") is glued on.
      const glue = index > 0 && !/^\s/.test(word.text) ? '' : ' ';
      index++;
      const changed = speaker !== undefined && name !== speaker;
      const candidate = text === '' ? token : `${text}${glue}${token}`;
      const tooLong = word.end - start > subtitleRules.maxCueSeconds || fitLines(candidate) === null;
      if (text !== '' && (changed || tooLong)) flush();
      if (text === '') {
        start = word.start;
        // The name opens the first cue of each speaker's turn.
        text = name !== null && name !== speaker ? `${name}: ${token}` : token;
        speaker = name;
      } else text = candidate;
      end = Math.max(word.end, start + 0.1);
      if (/[.?!]$/.test(token) && text.length >= 30) flush();
    }
  }
  flush();
  // A cue ends before the next begins, and lasts at least a tenth of a second.
  for (let i = 0; i + 1 < cues.length; i++) {
    const cue = cues[i] as SubtitleCue;
    const next = cues[i + 1] as SubtitleCue;
    if (cue.end > next.start) cue.end = Math.max(cue.start + 0.1, next.start);
    if (next.start < cue.end) next.start = cue.end;
  }
  return cues;
}
