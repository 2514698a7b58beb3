import type { Segment } from '../../contract/meeting-result.js';
import type { Stage } from '../../contract/stages.js';
import type { Logger } from '../log/logger.js';

/** What every stage gets: where it may write, how to report, and when to stop. */
export interface StageContext {
  meetingId: string;
  /** This meeting's own temp folder; removed when the meeting ends, whatever the outcome. */
  workDir: string;
  signal: AbortSignal;
  log: Logger;
  /** 0..1 within the named stage. */
  progress: (stage: Stage, fraction: number) => void;
  segment: (segment: Segment) => void;
  /** The recording's length, once decoded (the dashboards show it while the meeting runs). */
  recordingLength?: (durationSec: number) => void;
}
