import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';

import type { WorkerApi } from '../../../electron/contract/api.js';
import type { MeetingResult, Segment } from '../../../electron/contract/meeting-result.js';
import { speakerNames } from '../../../electron/contract/transcript-turns.js';
import { useMeetingStore } from '../../stores/use-meeting-store.js';

import { SegmentRow } from './SegmentRow.js';

/** The line playing at `time`: the last one that started at or before it (segments are in time order). */
export function segmentAt(segments: Segment[], time: number): number {
  let low = 0;
  let high = segments.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((segments[middle]?.start ?? 0) <= time) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  return found;
}

/**
 * The transcript as speaker turns, one row per line, virtualized: a 3-hour meeting (~3,000 lines)
 * keeps only the rows in view (plus a few) in the page. The playing line is highlighted and kept in view.
 */
export function TranscriptList({ api, result }: { api: WorkerApi; result: MeetingResult }) {
  const scroller = useRef<HTMLDivElement>(null);
  const currentTime = useMeetingStore((store) => store.currentTime);
  const focus = useMeetingStore((store) => store.focus);
  const { segments } = result;
  const turnSpeakers = useMemo(() => {
    const names = speakerNames(result);
    return segments.map((segment, i) => {
      const name = segment.speaker === null ? null : (names.get(segment.speaker) ?? segment.speaker);
      return i > 0 && segments[i - 1]?.speaker === segment.speaker ? null : name;
    });
  }, [result, segments]);
  const virtualizer = useVirtualizer({
    count: segments.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (turnSpeakers[i] === null ? 34 : 58),
    overscan: 8,
  });
  const active = segmentAt(segments, currentTime);
  const current = segments[active];
  const playing = current !== undefined && currentTime < current.end + 2;
  useEffect(() => {
    if (active >= 0 && playing) virtualizer.scrollToIndex(active, { align: 'auto' });
  }, [active, playing, virtualizer]);
  useEffect(() => {
    if (focus !== null) virtualizer.scrollToIndex(focus.segment, { align: 'center' });
  }, [focus, virtualizer]);
  if (segments.length === 0) return <p className="empty">No speech was found in this recording.</p>;
  return (
    <div ref={scroller} className="transcript-scroller" data-testid="transcript" role="list" aria-label="Transcript">
      <div className="transcript-space" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((row) => {
          const segment = segments[row.index];
          if (segment === undefined) return null;
          return (
            <div
              key={row.key}
              role="listitem"
              data-index={row.index}
              ref={virtualizer.measureElement}
              className="transcript-row"
              style={{ transform: `translateY(${String(row.start)}px)` }}
            >
              <SegmentRow
                api={api}
                index={row.index}
                segment={segment}
                turnSpeaker={turnSpeakers[row.index] ?? null}
                active={row.index === active && playing}
                focused={focus?.segment === row.index}
              />
            </div>
          );
        })}
      </div>
    </div>
  );
}
