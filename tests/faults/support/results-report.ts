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
 * or processing at the end is lost; a meeting whose completion the database accepted more than once,
 * or whose segments were saved more than once, is duplicated (see meeting-audit.ts: both are counted
 * as they happen, not read from rows a unique constraint keeps single anyway).
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
    if (row.completions > 1 || row.saves > 1) duplicated++;
    const reason = expectFailure.get(row.id);
    if (reason !== undefined) {
      if (row.status === 'failed' && reason.test(row.error_message ?? '')) failedWithReason++;
      else if (row.status !== 'failed' && row.status !== 'completed') lost++;
    } else if (row.status === 'completed' && row.completions === 1 && row.saves === 1 && row.segments > 0)
      completedOnce++;
    else if (row.status !== 'completed' && row.status !== 'failed') lost++;
  }
  return { scenario, runs, submitted: rows.length, completedOnce, failedWithReason, lost, duplicated, notes };
}

/**
 * A scenario that is not about meetings (a download, a request, a path): each case is one injected
 * fault whose outcome the test observed.
 */
export function tallyOutcomes(
  scenario: string,
  outcomes: Array<'completed' | 'failed-right' | 'lost' | 'duplicated'>,
  notes: string,
  runs = outcomes.length,
): ScenarioTally {
  const count = (kind: string) => outcomes.filter((outcome) => outcome === kind).length;
  return {
    scenario,
    runs,
    submitted: outcomes.length,
    completedOnce: count('completed'),
    failedWithReason: count('failed-right'),
    // A case that neither completed nor failed as it should is counted lost.
    lost: count('lost'),
    duplicated: count('duplicated'),
    notes,
  };
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

/** Sections that check the schema rather than inject a fault: listed, but not in the totals. */
const notFaults = new Set(['database']);

/**
 * The totals over every section now in the file, computed from their tables (so they always agree
 * with the rows below them): fault kinds = scenario rows, cases = submitted, and the lost and
 * duplicated sums.
 */
export function totalsText(text: string): string {
  let kinds = 0;
  let cases = 0;
  let lost = 0;
  let duplicated = 0;
  const sections: string[] = [];
  for (const match of text.matchAll(/<!-- ([a-z-]+):begin -->([\s\S]*?)<!-- \1:end -->/g)) {
    const [, key = '', body = ''] = match;
    if (key === 'totals' || notFaults.has(key)) continue;
    const rows = body.split('\n').filter((line) => /^\| (?!scenario \||---)/.test(line));
    for (const row of rows) {
      const cells = row.split('|').map((cell) => cell.trim());
      kinds++;
      cases += Number(cells[3]);
      lost += Number(cells[6]);
      duplicated += Number(cells[7]);
    }
    sections.push(`${key} ${rows.length}`);
  }
  return [
    '## Totals',
    '',
    `${kinds} fault kinds (scenario rows), ${cases} cases submitted under faults, ${lost} lost, ${duplicated} duplicated ` +
      `(computed from the tables below when a section was last written; by section: ${sections.join(', ')}).`,
    '',
  ].join('\n');
}

function replaceBlock(text: string, key: string, body: string): string {
  const begin = `<!-- ${key}:begin -->`;
  const end = `<!-- ${key}:end -->`;
  const block = `${begin}\n${body}${end}`;
  const start = text.indexOf(begin);
  const stop = text.indexOf(end);
  if (start >= 0 && stop > start) return `${text.slice(0, start)}${block}${text.slice(stop + end.length)}`;
  return `${text.trimEnd()}\n\n${block}\n`;
}

/**
 * Writes (or replaces) this suite's section of tests/faults/RESULTS.md, so that each test file owns its
 * block and the files can run in any order; then recomputes the totals from every section's table.
 */
export function writeResultsSection(key: string, title: string, results: ScenarioTally[], preface: string): void {
  const intro =
    '# Fault and bad-input suite: results\n\nWritten by `npm run test:faults` (tests/faults/*.test.ts); do not edit by hand. ' +
    'Each section is replaced when its test file runs.\n';
  let text = existsSync(resultsFile) ? readFileSync(resultsFile, 'utf8') : intro;
  if (!text.includes('<!-- totals:begin -->'))
    text = text.replace(/(do not edit by hand\.[^\n]*\n)/, '$1\n<!-- totals:begin -->\n<!-- totals:end -->\n');
  text = replaceBlock(text, key, sectionText(title, results, preface));
  text = replaceBlock(text, 'totals', totalsText(text));
  writeFileSync(resultsFile, text);
}
