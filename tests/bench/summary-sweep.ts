/**
 * `npm run bench:summary -- --split train --sweep name=a,b,c [--sweep other=…]`: one threshold of the
 * extractive summarizer (electron/core/summary/extractive-tuning.ts) set to each value in turn, the
 * others as tuned, on one split of the summaries set: the overview's ROUGE and length, and the topic
 * check. This is how a threshold is tuned on train and its plateau shown (a good value has neighbours,
 * ±20 %, that score about as well); val is for reporting only. `--with name=value` changes another
 * threshold for the whole sweep.
 */
import os from 'node:os';

import { summarizeWindowExtractively } from '../../electron/core/summary/extractive-summarizer.js';
import {
  extractiveTuning,
  isTuningName,
  type ExtractiveTuning,
} from '../../electron/core/summary/extractive-tuning.js';

import { meanScores, rougeScores } from './summary-rouge.js';
import { wordCount, type SetMeeting } from './summary-set.js';
import { formatTopicFigures, topicCheck } from './summary-topics.js';

export interface Sweep {
  name: keyof ExtractiveTuning;
  values: number[];
}

/** "phraseWeight=0,0.5,1" → the threshold and its values; a clear error for a name that is not one. */
export function parseSweep(argument: string): Sweep {
  const [name = '', list = ''] = argument.split('=');
  if (!isTuningName(name)) {
    throw new Error(
      `--sweep ${argument}: '${name}' is not a threshold; one of ${Object.keys(extractiveTuning).join(', ')}`,
    );
  }
  const values = list.split(',').map(Number);
  if (values.length === 0 || values.some((value) => !Number.isFinite(value))) {
    throw new Error(`--sweep ${argument}: give numbers after '=', separated by commas`);
  }
  return { name, values };
}

function overview(meeting: SetMeeting, tuning: ExtractiveTuning): string {
  const segments = meeting.transcript.segments.map((segment, index) => ({ index, segment }));
  return summarizeWindowExtractively({ language: 'en', segments, position: 0, count: 1 }, tuning).overview;
}

/**
 * `base` holds the other thresholds (the tuned ones, or others given with `--with name=value` to try a
 * combination before it is adopted).
 */
export function runSweep(
  meetings: readonly SetMeeting[],
  sweep: Sweep,
  python: string,
  base: ExtractiveTuning = extractiveTuning,
): void {
  for (const value of sweep.values) {
    const tuning = { ...base, [sweep.name]: value };
    const started = performance.now();
    const overviews = meetings.map((meeting) => overview(meeting, tuning));
    const milliseconds = (performance.now() - started) / meetings.length;
    const rouge = meanScores(
      rougeScores(
        python,
        overviews.map((text, index) => ({ prediction: text, reference: meetings[index]?.reference ?? '' })),
      ),
    );
    const words = overviews.reduce((sum, text) => sum + wordCount(text), 0) / Math.max(1, overviews.length);
    const percent = (share: number) => (share * 100).toFixed(2);
    const tuned = value === extractiveTuning[sweep.name] ? ' (tuned)' : '';
    const topics = topicCheck(meetings, tuning);
    process.stdout.write(
      `${sweep.name}=${value}${tuned}: ROUGE-1/2/L ${percent(rouge.rouge1)} / ${percent(rouge.rouge2)} / ` +
        `${percent(rouge.rougeL)}, ${words.toFixed(0)} words, ${milliseconds.toFixed(0)} ms per meeting, ` +
        `load ${os.loadavg()[0]?.toFixed(2)}\n    ${formatTopicFigures('topics', topics.textTiling)}\n` +
        `    ${formatTopicFigures('equal split', topics.equalSplit)}\n`,
    );
  }
}
