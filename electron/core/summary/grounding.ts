import type { Segment, SummaryItem } from '../../contract/meeting-result.js';

import { contentKeys, type ContentWordFilter } from './content-words.js';

/**
 * Share of an item's content words that must appear in the segments it cites. Below it the item is
 * taken to say something its citations do not, and is dropped. Paraphrase costs a model some words
 * (hence not 1); an extractive item quotes its segment and scores 1.
 */
export const minimumSupport = 0.6;

/** Share of the text's distinct content words found in the cited segments; 0 for a bad citation. */
export function citationSupport(
  text: string,
  cited: readonly number[],
  segments: readonly Segment[],
  filter: ContentWordFilter,
): number {
  if (cited.length === 0) return 0;
  if (cited.some((index) => !Number.isInteger(index) || index < 0 || index >= segments.length)) return 0;
  const wanted = new Set(contentKeys(text, filter));
  if (wanted.size === 0) return 0;
  const available = new Set(cited.flatMap((index) => contentKeys(segments[index]?.text ?? '', filter)));
  let found = 0;
  for (const key of wanted) if (available.has(key)) found += 1;
  return found / wanted.size;
}

/** Speakers of the cited segments, in order of first appearance; read from the transcript, not claimed. */
export function citedSpeakers(cited: readonly number[], segments: readonly Segment[]): string[] {
  const speakers = cited.map((index) => segments[index]?.speaker).filter((label) => label != null);
  return [...new Set(speakers)];
}

/**
 * Keeps the items whose citations exist and support them, with sorted unique citations and the
 * speakers taken from the cited segments. Returns what was dropped too, for logging.
 */
export function groundItems(
  items: readonly SummaryItem[],
  segments: readonly Segment[],
  filter: ContentWordFilter,
): { kept: SummaryItem[]; dropped: number } {
  const kept: SummaryItem[] = [];
  for (const item of items) {
    const cited = [...new Set(item.segments)].sort((a, b) => a - b);
    if (citationSupport(item.text, cited, segments, filter) < minimumSupport) continue;
    kept.push({ ...item, segments: cited, speakers: citedSpeakers(cited, segments) });
  }
  return { kept, dropped: items.length - kept.length };
}
