import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { summarySchema } from '../../electron/contract/meeting-result.js';
import { repoDir, sharedDir } from '../support/shared-data.js';

/** `pc-worker summarize` as a person runs it: on a real AMI meeting of the summaries set and a real `--out` result. */
describe('pc-worker summarize', () => {
  let dir = '';
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoDir, 'electron/cli/bin.mjs'), 'summarize', ...args], {
      cwd: repoDir,
      encoding: 'utf8',
      env: { ...process.env, PC_WORKER_DATA_DIR: path.join(dir, 'data'), SUMMARY_BACKEND: 'extractive' },
      timeout: 60_000,
    });
  const valFile = path.join(sharedDir, 'data/summaries/val.jsonl');

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-summarize-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the summary of one meeting of the summaries set, every item citing its turns', () => {
    const line = readFileSync(valFile, 'utf8').split('\n')[0] ?? '';
    const turns = (JSON.parse(line) as { turns: unknown[] }).turns;
    const file = path.join(dir, 'meeting.json');
    writeFileSync(file, line);
    const child = cli(file);
    expect(child.status, child.stderr).toBe(0);
    const raw = JSON.parse(child.stdout) as { items: object[] };
    const summary = summarySchema.parse(raw);
    expect(summary.backend).toBe('extractive');
    expect(summary.overview.split(/\s+/).length).toBeLessThanOrEqual(150);
    expect(summary.items.length).toBeGreaterThan(0);
    for (const item of summary.items) {
      expect(item.segments.every((index) => index < turns.length)).toBe(true);
    }
    // Each item has exactly the documented keys.
    for (const item of raw.items) {
      expect(Object.keys(item).sort()).toEqual(['due', 'kind', 'owner', 'segments', 'speakers', 'text']);
    }
  });

  it('writes the summary of a `process --out` result with --out, and picks a meeting from JSON Lines', () => {
    const out = path.join(dir, 'summary.json');
    const fromResult = cli(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), '--out', out);
    expect(fromResult.status, fromResult.stderr).toBe(0);
    expect(summarySchema.parse(JSON.parse(readFileSync(out, 'utf8'))).items.length).toBeGreaterThan(0);
    const meeting = (JSON.parse(readFileSync(valFile, 'utf8').split('\n')[1] ?? '') as { meeting: string }).meeting;
    expect(cli(valFile, '--meeting', meeting).status).toBe(0);
    const text = cli(valFile, '--meeting', meeting, '--text');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Summary \(extractive\)\n/);
    expect(text.stdout).toMatch(/\n {2}- .+ \[[^\]]+, \d{2}:\d{2}\]\n/);
  });

  it('says what to do with a file of several meetings, a missing file or something else', () => {
    expect(cli(valFile).stderr).toMatch(/choose one with --meeting/);
    expect(cli(path.join(dir, 'missing.json')).stderr).toMatch(/cannot read .*missing\.json: no such file/);
    const other = path.join(dir, 'other.json');
    writeFileSync(other, '{"hello": 1}');
    const child = cli(other);
    expect(child.status).toBe(1);
    expect(child.stderr).toMatch(/expected a `pc-worker process --out` result/);
  });
});
