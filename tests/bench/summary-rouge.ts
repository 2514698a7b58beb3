/**
 * ROUGE through Google's `rouge-score` (tools/rouge/score.py: rouge1/rouge2/rougeL, Porter stemmer,
 * F1), the implementation QMSum and issue 18 report with. Python is a build-time tool here: the
 * bench uses tools/rouge/.venv (or ROUGE_PYTHON) when present and says how to set it up otherwise.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { repoDir } from '../support/shared-data.js';

export interface RougeScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
}

export const rougeSettings =
  'rouge-score 0.1.2 (Google), RougeScorer([rouge1, rouge2, rougeL], use_stemmer=True): Porter stemmer, default tokenizer, F1, mean over meetings';

const scorerScript = path.join(repoDir, 'tools/rouge/score.py');

export function rougePython(): string | null {
  const configured = process.env['ROUGE_PYTHON'];
  if (configured !== undefined) return configured;
  const venv = path.join(repoDir, 'tools/rouge/.venv/bin/python');
  return existsSync(venv) ? venv : null;
}

export const rougeSetup =
  'python3 -m venv tools/rouge/.venv && tools/rouge/.venv/bin/pip install -r tools/rouge/requirements.txt';

/** F1 scores per pair, in the pairs' order. */
export function rougeScores(
  python: string,
  pairs: readonly { prediction: string; reference: string }[],
): RougeScores[] {
  const input = pairs.map((pair, id) => JSON.stringify({ id, ...pair })).join('\n');
  const child = spawnSync(python, [scorerScript], { input, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (child.status !== 0) throw new Error(`rouge scorer failed: ${child.stderr}`);
  const rows = child.stdout
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RougeScores & { id: number });
  return rows.sort((a, b) => a.id - b.id).map(({ rouge1, rouge2, rougeL }) => ({ rouge1, rouge2, rougeL }));
}

export function meanScores(scores: readonly RougeScores[]): RougeScores {
  const mean = (pick: (score: RougeScores) => number) =>
    scores.reduce((sum, score) => sum + pick(score), 0) / Math.max(1, scores.length);
  return { rouge1: mean((s) => s.rouge1), rouge2: mean((s) => s.rouge2), rougeL: mean((s) => s.rougeL) };
}
