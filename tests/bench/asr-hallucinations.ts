/**
 * Words that were never said, counted per run of `bench:asr` (issue 19): segments that start before
 * the segment before them ends, and segments that hold only one of Whisper's stock phrases ("Thank
 * you.") or a single short word, when the reference does not contain that text. Each is attributed to
 * the decode that wrote it (a window's first pass, its temperature fallback, or a re-read tail).
 */
import { isStockPhrase } from '../../electron/core/asr/stock-phrases.js';
import { normalizeForLanguage, scoringUnits } from '../../electron/core/asr/text-normalizer.js';
import type { SegmentOrigin } from '../../electron/core/asr/transcribe.js';

export interface BenchSegment {
  start: number;
  end: number;
  text: string;
  origin: SegmentOrigin;
}

export type SuspectKind = 'overlap' | 'stock phrase' | 'short word';

export interface Suspect {
  kind: SuspectKind;
  origin: SegmentOrigin;
  text: string;
  start: number;
  end: number;
}

/** A "short word" segment: one word of at most this many letters. */
const shortWordLetters = 4;
/** Word times are rounded to Whisper's 20 ms: less than that is not an overlap. */
const overlapToleranceSec = 0.02;

const contains = (haystack: string, needle: string): boolean => ` ${haystack} `.includes(` ${needle} `);

export function findSuspects(reference: string, segments: readonly BenchSegment[], language: string): Suspect[] {
  const said = normalizeForLanguage(reference, language);
  const suspects: Suspect[] = [];
  for (const [index, segment] of segments.entries()) {
    const note = (kind: SuspectKind): void => {
      suspects.push({ kind, origin: segment.origin, text: segment.text, start: segment.start, end: segment.end });
    };
    const previous = segments[index - 1];
    if (previous !== undefined && segment.start < previous.end - overlapToleranceSec) note('overlap');
    const text = normalizeForLanguage(segment.text, language);
    if (text === '' || contains(said, text)) continue;
    if (isStockPhrase(segment.text)) note('stock phrase');
    else if (!text.includes(' ') && Array.from(text).length <= shortWordLetters) note('short word');
  }
  return suspects;
}

/** Counts by kind and by origin, e.g. { overlap: { total: 2, tail: 2 }, … }. */
export function countSuspects(suspects: readonly Suspect[]): Record<SuspectKind, Record<string, number>> {
  const counts: Record<SuspectKind, Record<string, number>> = {
    overlap: { total: 0 },
    'stock phrase': { total: 0 },
    'short word': { total: 0 },
  };
  for (const suspect of suspects) {
    const row = counts[suspect.kind];
    row['total'] = (row['total'] ?? 0) + 1;
    row[suspect.origin] = (row[suspect.origin] ?? 0) + 1;
  }
  return counts;
}

/** One kind's count with its origins, e.g. "2 (tail 2)". */
export function formatByOrigin(row: Record<string, number>): string {
  const { total = 0, ...byOrigin } = row;
  const parts = Object.entries(byOrigin).map(([origin, count]) => `${origin} ${String(count)}`);
  return `${String(total)}${parts.length > 0 ? ` (${parts.join(', ')})` : ''}`;
}

export function formatSuspectCounts(counts: Record<SuspectKind, Record<string, number>>): string {
  return Object.entries(counts)
    .map(([kind, row]) => `${kind} ${formatByOrigin(row)}`)
    .join('; ');
}

/** Words of `segment` found, in order, in `said` (a longest common subsequence). */
function wordsInOrder(said: readonly string[], segment: readonly string[]): number {
  let previous = new Array<number>(segment.length + 1).fill(0);
  for (const word of said) {
    const current = [0];
    for (const [column, other] of segment.entries())
      current.push(
        word === other ? (previous[column] ?? 0) + 1 : Math.max(previous[column + 1] ?? 0, current[column] ?? 0),
      );
    previous = current;
  }
  return previous[segment.length] ?? 0;
}

/**
 * The gain of the tail re-read: segments read from a window's tail, and those of them really said
 * (at least half their words found in order in the reference; a stock phrase or short word counts
 * only when the reference holds it as it stands).
 */
export function tailSegmentsSaid(
  reference: string,
  segments: readonly BenchSegment[],
  language: string,
): { tail: number; said: number } {
  const said = scoringUnits(reference, language);
  const suspect = new Set(
    findSuspects(reference, segments, language)
      .filter((row) => row.kind !== 'overlap')
      .map((row) => `${String(row.start)} ${row.text}`),
  );
  const tails = segments.filter((segment) => segment.origin === 'tail');
  const heard = tails.filter((segment) => {
    const units = scoringUnits(segment.text, language);
    if (units.length === 0 || suspect.has(`${String(segment.start)} ${segment.text}`)) return false;
    return wordsInOrder(said, units) * 2 >= units.length;
  });
  return { tail: tails.length, said: heard.length };
}
