import { describe, expect, it } from 'vitest';

import type { Segment, SummaryItem } from '../../../../electron/contract/meeting-result.js';
import { contentWordFilter } from '../../../../electron/core/summary/content-words.js';
import { mergeItems, planWindows } from '../../../../electron/core/summary/windowed-summary.js';

function segmentAt(start: number): Segment {
  return { start, end: start + 4, text: `segment at ${start}`, speaker: null, speakerId: null, words: [] };
}

function point(text: string, kind: SummaryItem['kind'] = 'key_point'): SummaryItem {
  return { kind, text, segments: [0], speakers: [], owner: null, due: null };
}

describe('windowed summary', () => {
  it('cuts a meeting into windows of whole segments, keeping their meeting-wide indices', () => {
    const segments = Array.from({ length: 50 }, (_, index) => segmentAt(index * 30));
    const windows = planWindows(segments, 600);
    expect(windows).toHaveLength(3);
    expect(windows.map((window) => window.length)).toEqual([20, 20, 10]);
    expect(windows[1]?.[0]).toEqual({ index: 20, segment: segments[20] });
    expect(windows.flat().map((entry) => entry.index)).toEqual(segments.map((_, index) => index));
    expect(planWindows([], 600)).toEqual([]);
  });

  it('keeps one of each repeated point and caps each kind', () => {
    const filter = contentWordFilter('en');
    const merged = mergeItems(
      [
        point('The remote needs fewer buttons'),
        point('the remote needs fewer buttons.'),
        point('The remote needs fewer buttons', 'decision'),
        ...Array.from({ length: 15 }, (_, index) => point(`Distinct point number ${index} about topic${index}`)),
      ],
      filter,
    );
    expect(merged.filter((item) => item.text.toLowerCase().startsWith('the remote'))).toHaveLength(2);
    expect(merged.filter((item) => item.kind === 'key_point')).toHaveLength(12);
  });
});
