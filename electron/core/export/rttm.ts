import type { MeetingResult } from '../../contract/meeting-result.js';

/** Two words of one speaker this close (seconds) are one turn. */
const joinGapSec = 0.5;

/**
 * RTTM (NIST): one `SPEAKER <file> 1 <start> <duration> <NA> <NA> <label> <NA> <NA>` line per speaker
 * turn, the turns taken from the speaker of each word (what diarization assigned), so scoring tools
 * (dscore, pyannote.metrics) read the worker's diarization directly.
 */
export function toRttm(result: MeetingResult, fileId: string): string {
  const id = fileId.replace(/\s+/g, '_') || 'meeting';
  const turns: { speaker: string; start: number; end: number }[] = [];
  for (const segment of result.segments) {
    const words =
      segment.words.length > 0
        ? segment.words.map((w) => ({ speaker: w.speaker ?? segment.speaker, start: w.start, end: w.end }))
        : [{ speaker: segment.speaker, start: segment.start, end: segment.end }];
    for (const word of words) {
      if (word.speaker === null) continue;
      const last = turns.at(-1);
      if (last !== undefined && last.speaker === word.speaker && word.start - last.end <= joinGapSec) {
        last.end = Math.max(last.end, word.end);
      } else turns.push({ speaker: word.speaker, start: word.start, end: word.end });
    }
  }
  return turns
    .filter((turn) => turn.end > turn.start)
    .map(
      (turn) =>
        `SPEAKER ${id} 1 ${turn.start.toFixed(3)} ${(turn.end - turn.start).toFixed(3)} <NA> <NA> ${turn.speaker} <NA> <NA>`,
    )
    .join('\n')
    .concat('\n');
}
