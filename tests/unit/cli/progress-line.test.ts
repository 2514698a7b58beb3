import { describe, expect, it } from 'vitest';

import { progressReporter } from '../../../electron/cli/progress-line.js';

const meetingId = '00000000-0000-4000-8000-000000000001';
const at = (stage: 'decode' | 'transcribe', progress: number) =>
  ({ type: 'meeting-progress', meetingId, stage, progress }) as const;

describe('the CLI progress line', () => {
  it('updates one line on a terminal with the stage, percent and the time left at the pace so far', () => {
    let written = '';
    let clock = 0;
    const reporter = progressReporter(
      { isTTY: true, columns: 80, write: (text) => (written += text) },
      { quiet: false, now: () => clock },
    );
    reporter.onEvent(at('transcribe', 0));
    clock = 10_000;
    reporter.onEvent(at('transcribe', 0.25));
    expect(written.split('\r\x1b[2K').at(-1)).toBe('Transcribing 25 % · about 0:30 left');
    expect(written).not.toContain('\n');
    reporter.finish();
    expect(written.endsWith('\r\x1b[2K')).toBe(true);
  });

  it('writes one plain line per stage when not on a terminal, and nothing when quiet', () => {
    let plain = '';
    const reporter = progressReporter({ isTTY: false, write: (text) => (plain += text) }, { quiet: false });
    for (const event of [at('decode', 0), at('decode', 0.5), at('decode', 1), at('transcribe', 0)])
      reporter.onEvent(event);
    expect(plain).toBe('Decoding audio…\nTranscribing…\n');
    let quiet = '';
    const silent = progressReporter({ isTTY: true, write: (text) => (quiet += text) }, { quiet: true });
    silent.onEvent(at('decode', 0.5));
    expect(quiet).toBe('');
  });
});
