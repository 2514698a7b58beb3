import type { Segment, SummaryItem } from '../../contract/meeting-result.js';
import { CancelledError } from '../errors.js';

import { contentKeys, contentWordFilter, type ContentWordFilter } from './content-words.js';
import { groundItems } from './grounding.js';
import type { SummaryBackend, SummaryDraft, TranscriptWindow } from './summary-backend.js';
import type { IndexedSegment } from './transcript-sentences.js';

/** Caps on the merged summary of a long meeting, per kind of item. */
const maxItems: Record<SummaryItem['kind'], number> = {
  key_point: 12,
  decision: 15,
  action_item: 20,
  question: 10,
};
/** Two items whose content words overlap this much (Jaccard) say the same thing; the first stays. */
const duplicateOverlap = 0.8;

/**
 * Cuts the meeting into windows of about `windowSec` at segment boundaries. A window holds whole
 * segments only, so every citation a backend makes refers to segments it was shown.
 */
export function planWindows(segments: readonly Segment[], windowSec: number): IndexedSegment[][] {
  const windows: IndexedSegment[][] = [];
  let current: IndexedSegment[] = [];
  let windowStart = segments[0]?.start ?? 0;
  segments.forEach((segment, index) => {
    if (current.length > 0 && segment.start - windowStart >= windowSec) {
      windows.push(current);
      current = [];
      windowStart = segment.start;
    }
    current.push({ index, segment });
  });
  if (current.length > 0) windows.push(current);
  return windows;
}

function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const key of a) if (b.has(key)) shared += 1;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Drops repeats across windows (a meeting comes back to its topics) and caps each kind. */
export function mergeItems(items: readonly SummaryItem[], filter: ContentWordFilter): SummaryItem[] {
  const kept: { item: SummaryItem; keys: Set<string> }[] = [];
  const perKind = new Map<SummaryItem['kind'], number>();
  for (const item of items) {
    const keys = new Set(contentKeys(item.text, filter));
    if (kept.some((other) => other.item.kind === item.kind && jaccard(keys, other.keys) >= duplicateOverlap)) continue;
    const count = perKind.get(item.kind) ?? 0;
    if (count >= maxItems[item.kind]) continue;
    perKind.set(item.kind, count + 1);
    kept.push({ item, keys });
  }
  return kept.map((entry) => entry.item);
}

export interface WindowedSummaryOptions {
  language: string;
  windowSec: number;
  signal: AbortSignal;
  /** 0..1 over all windows plus the merge. */
  onProgress: (fraction: number) => void;
  /** Told how many items of a window failed the grounding check. */
  onDropped?: (window: number, dropped: number) => void;
}

/**
 * Summarises window by window, keeping only each window's grounded items and overview, then merges:
 * memory and each backend call stay bounded by the window, whatever the meeting's length.
 */
export async function summarizeInWindows(
  segments: readonly Segment[],
  backend: SummaryBackend,
  options: WindowedSummaryOptions,
): Promise<SummaryDraft> {
  const windows = planWindows(segments, options.windowSec);
  const filter = contentWordFilter(options.language);
  const overviews: string[] = [];
  const items: SummaryItem[] = [];
  for (const [position, windowSegments] of windows.entries()) {
    if (options.signal.aborted) throw new CancelledError('Summarising was cancelled');
    const window: TranscriptWindow = {
      language: options.language,
      segments: windowSegments,
      position,
      count: windows.length,
    };
    const draft = await backend.summarizeWindow(window, options.signal);
    const grounded = groundItems(draft.items, segments, filter);
    if (grounded.dropped > 0) options.onDropped?.(position, grounded.dropped);
    if (draft.overview.trim() !== '') overviews.push(draft.overview.trim());
    items.push(...grounded.kept);
    options.onProgress((position + 1) / (windows.length + 1));
  }
  const overview =
    overviews.length <= 1
      ? (overviews[0] ?? '')
      : await backend.mergeOverviews(overviews, options.language, options.signal);
  options.onProgress(1);
  return { overview, items: mergeItems(items, filter) };
}
