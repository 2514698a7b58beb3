import type { SpeakerCountBounds } from './clustering.js';

/** Without a hint, up to this many speakers are told apart. */
export const defaultMaxSpeakers = 20;

/**
 * The meeting's hint as clustering bounds: an expected count fixes the number; a list of attendees
 * caps it (people who were not invited rarely speak, and the web app can say so by adding them).
 */
export function speakerCountBounds(hint: {
  expectedSpeakers: number | null;
  attendeeIds: readonly string[];
}): SpeakerCountBounds {
  if (hint.expectedSpeakers !== null && hint.expectedSpeakers > 0) {
    return { min: hint.expectedSpeakers, max: hint.expectedSpeakers };
  }
  if (hint.attendeeIds.length > 0) return { min: 1, max: hint.attendeeIds.length };
  return { min: 1, max: defaultMaxSpeakers };
}
