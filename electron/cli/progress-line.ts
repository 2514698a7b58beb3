import type { WorkerEvent } from '../contract/events.js';
import type { Stage } from '../contract/stages.js';

/** Words for a stage on a terminal. */
const stageWords: Record<Stage, string> = {
  queued: 'Waiting',
  download: 'Reading the file',
  decode: 'Decoding audio',
  transcribe: 'Transcribing',
  diarize: 'Telling speakers apart',
  identify: 'Recognising voices',
  summarize: 'Summarising',
  save: 'Saving',
};

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

export interface ProgressOutput {
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  write(text: string): unknown;
}

/**
 * The CLI's progress on stderr: on a terminal one line that updates in place (stage, percent, time
 * left in the stage from its pace so far); elsewhere (a pipe, a log file) one plain line as each
 * stage starts and ends. `quiet` shows nothing.
 */
export function progressReporter(
  output: ProgressOutput,
  options: { quiet: boolean; now?: () => number },
): { onEvent(event: WorkerEvent): void; finish(): void } {
  const now = options.now ?? Date.now;
  let stage: Stage | null = null;
  let stageStart = 0;
  let drawn = false;
  const clear = () => {
    if (drawn) output.write('\r\x1b[2K');
    drawn = false;
  };
  return {
    onEvent(event) {
      if (options.quiet || event.type !== 'meeting-progress') return;
      if (event.stage !== stage) {
        stage = event.stage;
        stageStart = now();
        if (output.isTTY !== true) output.write(`${stageWords[event.stage]}…\n`);
      }
      if (output.isTTY !== true) return;
      const elapsed = (now() - stageStart) / 1000;
      const percent = Math.floor(event.progress * 100);
      // The pace so far predicts the rest once a few percent and seconds are behind us.
      const eta =
        event.progress >= 0.03 && event.progress < 1 && elapsed >= 2
          ? ` · about ${clock((elapsed / event.progress) * (1 - event.progress))} left`
          : '';
      const line = `${stageWords[event.stage]} ${percent} %${eta}`;
      output.write(`\r\x1b[2K${line.slice(0, (output.columns ?? 80) - 1)}`);
      drawn = true;
    },
    finish: clear,
  };
}
