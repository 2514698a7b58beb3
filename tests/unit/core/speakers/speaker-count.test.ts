import { describe, expect, it } from 'vitest';

import { defaultMaxSpeakers, speakerCountBounds } from '../../../../electron/core/speakers/diarization/count-bounds.js';

describe('speakerCountBounds', () => {
  it('fixes the count to the expected number of speakers', () => {
    expect(speakerCountBounds({ expectedSpeakers: 4, attendeeIds: ['a'] })).toEqual({ min: 4, max: 4 });
  });

  it('caps the count at the number of attendees', () => {
    expect(speakerCountBounds({ expectedSpeakers: null, attendeeIds: ['a', 'b', 'c'] })).toEqual({ min: 1, max: 3 });
  });

  it('lets clustering decide without a hint', () => {
    expect(speakerCountBounds({ expectedSpeakers: null, attendeeIds: [] })).toEqual({
      min: 1,
      max: defaultMaxSpeakers,
    });
  });
});
