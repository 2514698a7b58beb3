import { describe, expect, it } from 'vitest';

import { applyWorkerEvent, initialLiveView } from '../../../electron/contract/live-view.js';

const meetingId = '6f1c2c3e-1d2b-4c5d-8e9f-0a1b2c3d4e5f';
const now = '2026-01-05T09:00:00.000Z';

describe("a running meeting's length", () => {
  it('is unknown when claimed and known once the worker reports it (after decoding)', () => {
    const claimed = applyWorkerEvent(
      initialLiveView,
      { type: 'meeting-claimed', meetingId, title: 'Seminar', attempt: 1 },
      now,
    );
    expect(claimed.current[0]?.durationSec).toBeUndefined();
    const decoded = applyWorkerEvent(claimed, { type: 'meeting-length', meetingId, durationSec: 754.2 }, now);
    expect(decoded.current[0]?.durationSec).toBe(754.2);
    // Another meeting's length changes nothing here.
    const other = applyWorkerEvent(
      decoded,
      { type: 'meeting-length', meetingId: '00000000-0000-4000-8000-000000000000', durationSec: 1 },
      now,
    );
    expect(other.current[0]?.durationSec).toBe(754.2);
  });
});
