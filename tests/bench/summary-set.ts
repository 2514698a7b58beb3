/**
 * The summaries set (shared/data/summaries: AMI meetings with QMSum's human summary of each) scored
 * per summarizer: ROUGE against the reference, words, citation validity, pleasantry items, seconds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { Summary } from '../../electron/contract/meeting-result.js';
import { contentWordFilter } from '../../electron/core/summary/content-words.js';
import { citationSupport, minimumSupport } from '../../electron/core/summary/grounding.js';
import { segmentsFromTurns, type TranscriptForSummary } from '../../electron/core/summary/summary-input.js';
import { sharedDir } from '../support/shared-data.js';

import { meanScores, rougeScores, type RougeScores } from './summary-rouge.js';

export interface SetMeeting {
  meeting: string;
  transcript: TranscriptForSummary;
  topics: string[];
  reference: string;
}

export function loadSummarySet(split: 'train' | 'val'): SetMeeting[] {
  const file = path.join(sharedDir, 'data/summaries', `${split}.jsonl`);
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row = JSON.parse(line) as {
        meeting: string;
        turns: { speaker: string; text: string }[];
        topics: string[];
        summary: string;
      };
      return {
        meeting: row.meeting,
        transcript: { language: 'en', segments: segmentsFromTurns(row.turns) },
        topics: row.topics,
        reference: row.summary,
      };
    });
}

/**
 * The bench's own pleasantry rule, deliberately independent of the summarizer's filters: an item
 * that greets, thanks, says goodbye or wishes something is a pleasantry.
 */
const pleasantry =
  /\b(hello|hi|hey|good (?:morning|afternoon|evening)|thanks?|thank you|bye|goodbye|see you|welcome|nice to meet|enjoy|have a (?:good|nice|great)|cheers)\b/i;

export function isPleasantry(text: string): boolean {
  return pleasantry.test(text);
}

export function wordCount(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}

/** What one summarizer produced for one meeting: the text scored and, when it has them, the items. */
export interface SystemOutput {
  text: string;
  summary: Summary | null;
  seconds: number;
}

export interface SystemRow {
  system: string;
  meetings: number;
  rouge: RougeScores | null;
  meanWords: number;
  items: number;
  citationValidity: number | null;
  pleasantryItems: number;
  meanSeconds: number;
  maxSeconds: number;
}

export function scoreSystem(
  system: string,
  meetings: readonly SetMeeting[],
  outputs: readonly SystemOutput[],
  python: string | null,
): SystemRow {
  const rouge =
    python === null
      ? null
      : meanScores(
          rougeScores(
            python,
            outputs.map((output, index) => ({ prediction: output.text, reference: meetings[index]?.reference ?? '' })),
          ),
        );
  const filter = contentWordFilter('en');
  let items = 0;
  let valid = 0;
  let pleasantries = 0;
  outputs.forEach((output, index) => {
    const segments = meetings[index]?.transcript.segments ?? [];
    for (const item of output.summary?.items ?? []) {
      items += 1;
      if (citationSupport(item.text, item.segments, segments, filter) >= minimumSupport) valid += 1;
      if (isPleasantry(item.text)) pleasantries += 1;
    }
  });
  const seconds = outputs.map((output) => output.seconds);
  return {
    system,
    meetings: outputs.length,
    rouge,
    meanWords: outputs.reduce((sum, output) => sum + wordCount(output.text), 0) / Math.max(1, outputs.length),
    items,
    citationValidity: items === 0 ? null : valid / items,
    pleasantryItems: pleasantries,
    meanSeconds: seconds.reduce((sum, value) => sum + value, 0) / Math.max(1, seconds.length),
    maxSeconds: Math.max(0, ...seconds),
  };
}

export function formatRow(row: SystemRow): string {
  const rouge =
    row.rouge === null
      ? 'ROUGE n/a'
      : `ROUGE-1/2/L ${(row.rouge.rouge1 * 100).toFixed(1)} / ${(row.rouge.rouge2 * 100).toFixed(1)} / ${(row.rouge.rougeL * 100).toFixed(1)}`;
  const validity = row.citationValidity === null ? 'n/a' : `${(row.citationValidity * 100).toFixed(0)}%`;
  return (
    `${row.system}: ${rouge}, ${row.meanWords.toFixed(0)} words, ${row.items} items ` +
    `(citation validity ${validity}, pleasantries ${row.pleasantryItems}), ` +
    `${(row.meanSeconds * 1000).toFixed(0)} ms mean / ${(row.maxSeconds * 1000).toFixed(0)} ms max per meeting`
  );
}
