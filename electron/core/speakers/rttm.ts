import type { LabelledTurn, MeetingResult } from '../../contract/meeting-result.js';

/**
 * Two words of one speaker this close (seconds) belong to one turn when a result carries no
 * diarization turns (results saved before they were kept): a breath, not a change of turn.
 */
const wordTurnGapSec = 0.5;

/** Turns rebuilt from the words' speakers: the pauses inside a turn are lost, so these score worse. */
function turnsFromWords(segments: MeetingResult['segments']): LabelledTurn[] {
  const pieces = segments.flatMap((segment) =>
    segment.words.length === 0
      ? [{ speaker: segment.speaker, start: segment.start, end: segment.end }]
      : segment.words.map((word) => ({ speaker: word.speaker, start: word.start, end: word.end })),
  );
  const turns: LabelledTurn[] = [];
  for (const piece of pieces.sort((a, b) => a.start - b.start)) {
    if (piece.speaker === null || piece.end <= piece.start) continue;
    const last = turns.at(-1);
    if (last?.speaker === piece.speaker && piece.start - last.end <= wordTurnGapSec) {
      last.end = Math.max(last.end, piece.end);
    } else turns.push({ speaker: piece.speaker, start: piece.start, end: piece.end });
  }
  return turns;
}

/** Who spoke when: the diarization turns when the result has them, else turns rebuilt from its words. */
export function meetingTurns(result: Pick<MeetingResult, 'turns' | 'segments'>): LabelledTurn[] {
  return result.turns ?? turnsFromWords(result.segments);
}

/** RTTM's fields are separated by white space, so a file id or label keeps none. */
function rttmField(value: string): string {
  const cleaned = value.trim().replace(/\s+/g, '_');
  return cleaned === '' ? 'unknown' : cleaned;
}

/**
 * NIST RTTM, one line per turn: `SPEAKER <file> 1 <start> <duration> <NA> <NA> <label> <NA> <NA>`
 * (what md-eval, dscore and pyannote.metrics read). Times in seconds with millisecond precision.
 */
export function toRttm(fileId: string, turns: readonly LabelledTurn[]): string {
  const file = rttmField(fileId);
  return turns
    .filter((turn) => turn.end > turn.start)
    .map(
      (turn) =>
        `SPEAKER ${file} 1 ${turn.start.toFixed(3)} ${(turn.end - turn.start).toFixed(3)} <NA> <NA> ${rttmField(turn.speaker)} <NA> <NA>\n`,
    )
    .join('');
}

/** The RTTM export of one meeting result (the `export --format rttm` content). */
export function meetingRttm(fileId: string, result: Pick<MeetingResult, 'turns' | 'segments'>): string {
  return toRttm(fileId, meetingTurns(result));
}
