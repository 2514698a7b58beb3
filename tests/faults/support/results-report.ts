import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import type { MeetingState } from './fault-bed.js';

const resultsFile = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'RESULTS.md');

export interface ScenarioTally {
  scenario: string;
  runs: number;
  submitted: number;
  completedOnce: number;
  failedWithReason: number;
  lost: number;
  duplicated: number;
  /** Free text: timings, round trips, what the scenario checked beyond the counts. */
  notes: string;
}

/**
 * Counts one scenario's meetings. `expectFailure` names the meetings that must end `failed` and the
 * reason they must carry; every other meeting must be completed exactly once. A meeting still pending
 * or processing at the end is lost; a second completion or a repeated segment number is a duplicate.
 */
export function tally(
  scenario: string,
  runs: number,
  rows: MeetingState[],
  expectFailure: Map<string, RegExp> = new Map(),
  notes = '',
): ScenarioTally {
  let completedOnce = 0;
  let failedWithReason = 0;
  let lost = 0;
  let duplicated = 0;
  for (const row of rows) {
    if (row.completions > 1 || row.distinct_seq !== row.segments) duplicated++;
    const reason = expectFailure.get(row.id);
    if (reason !== undefined) {
      if (row.status === 'failed' && reason.test(row.error_message ?? '')) failedWithReason++;
      else if (row.status !== 'failed' && row.status !== 'completed') lost++;
    } else if (row.status === 'completed' && row.completions === 1 && row.segments > 0) completedOnce++;
    else if (row.status !== 'completed' && row.status !== 'failed') lost++;
  }
  return { scenario, runs, submitted: rows.length, completedOnce, failedWithReason, lost, duplicated, notes };
}

/** Whether the tally is clean: nothing lost, nothing duplicated, every meeting accounted for. */
export function isClean(result: ScenarioTally): boolean {
  return (
    result.lost === 0 && result.duplicated === 0 && result.completedOnce + result.failedWithReason === result.submitted
  );
}

function sectionText(title: string, results: ScenarioTally[], preface: string): string {
  const header = [
    `## ${title}`,
    '',
    preface,
    '',
    `Measured ${new Date().toISOString()} on ${os.cpus().length} cores, load average ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}.`,
    '',
    '| scenario | runs | submitted | completed once | failed with the right reason | lost | duplicated | notes |',
    '|---|---|---|---|---|---|---|---|',
  ];
  const lines = results.map(
    (r) =>
      `| ${r.scenario} | ${r.runs} | ${r.submitted} | ${r.completedOnce} | ${r.failedWithReason} | ${r.lost} | ${r.duplicated} | ${r.notes.replace(/\|/g, '/')} |`,
  );
  return [...header, ...lines, ''].join('\n');
}

/**
 * Writes (or replaces) this suite's section of tests/faults/RESULTS.md, so that each test file owns its
 * block and the files can run in any order.
 */
export function writeResultsSection(key: string, title: string, results: ScenarioTally[], preface: string): void {
  const begin = `<!-- ${key}:begin -->`;
  const end = `<!-- ${key}:end -->`;
  const block = `${begin}\n${sectionText(title, results, preface)}${end}`;
  const intro =
    '# Fault and bad-input suite: results\n\nWritten by `npm run test:faults` (tests/faults/*.test.ts); do not edit by hand. ' +
    'Each section is replaced when its test file runs.\n';
  let text = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : intro;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start >= 0 && stop > start) text = `${text.slice(0, start)}${block}${text.slice(stop + end.length)}`;
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(resultsFile, text);
}
