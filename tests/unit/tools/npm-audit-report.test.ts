import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { evaluateAudit, exitCodeOf, parseAllowlist, type AllowlistEntry } from '../../../tools/npm-audit-report.js';
import { repoDir } from '../../support/shared-data.js';

/**
 * `npm run audit` on recorded `npm audit --json` outputs: the three failures were captured on this
 * machine (registry answering 405, an unreachable registry, no lockfile); the report with advisories
 * is composed in npm 11's report shape with real GHSA advisories (two high, one moderate, and a
 * package that is vulnerable only through another).
 */
const fixture = (name: string) => readFileSync(path.join(repoDir, 'tests', 'fixtures', 'npm-audit', name), 'utf8');
const withAdvisories = fixture('report-with-advisories.json');
const today = '2026-12-01';
const accept = (pkg: string, advisory: string, until = '2027-03-01'): AllowlistEntry => ({
  package: pkg,
  advisory,
  why: 'Reached only from a build tool that never sees user input.',
  until,
});

describe('the audit verdict', () => {
  it('fails on each high advisory not allowlisted, once, and ignores moderate ones and "via" links', () => {
    const verdict = evaluateAudit(withAdvisories, [], today);
    expect(verdict.kind).toBe('findings');
    expect(verdict.lines.filter((line) => line.includes('not in tools/npm-audit-allowlist.json'))).toEqual([
      'high cross-spawn GHSA-3xgq-45jj-v275 (Regular Expression Denial of Service (ReDoS) in cross-spawn): not in tools/npm-audit-allowlist.json',
      'high ws GHSA-3h5v-q93c-6h6q (ws affected by a DoS when handling a request with many HTTP headers): not in tools/npm-audit-allowlist.json',
    ]);
    expect(verdict.lines.at(-1)).toMatch(/2 high\/critical advisory\(ies\) not accepted \(903 dependencies audited\)/);
    expect(exitCodeOf(verdict, false)).toBe(1);
  });

  it('accepts an allowlisted advisory only for its own package and only until its date', () => {
    const oneAccepted = evaluateAudit(withAdvisories, [accept('ws', 'GHSA-3h5v-q93c-6h6q')], today);
    expect(oneAccepted.lines.join('\n')).not.toMatch(/ ws /);
    expect(oneAccepted.kind).toBe('findings');

    const wrongPackage = evaluateAudit(withAdvisories, [accept('execa', 'GHSA-3xgq-45jj-v275')], today);
    expect(wrongPackage.lines.join('\n')).toMatch(/cross-spawn GHSA-3xgq-45jj-v275/);

    const expired = evaluateAudit(
      withAdvisories,
      [accept('ws', 'GHSA-3h5v-q93c-6h6q'), accept('cross-spawn', 'GHSA-3xgq-45jj-v275', '2026-11-30')],
      today,
    );
    expect(expired.kind).toBe('findings');
    expect(expired.lines[0]).toMatch(/cross-spawn .*allowlist entry expired on 2026-11-30/);

    const allAccepted = evaluateAudit(
      withAdvisories,
      [accept('ws', 'GHSA-3h5v-q93c-6h6q'), accept('cross-spawn', 'GHSA-3xgq-45jj-v275')],
      today,
    );
    expect(allAccepted).toEqual({
      kind: 'clean',
      lines: [
        'npm audit: asked the registry, 903 dependencies audited: no high or critical advisory outside the allowlist (2 allowlisted)',
      ],
    });
    expect(exitCodeOf(allAccepted, true)).toBe(0);
  });

  it('says NOT CHECKED, naming the cause, when the registry refuses or cannot be reached', () => {
    const refused = evaluateAudit(fixture('registry-refused-405.json'), [], today);
    expect(refused.kind).toBe('not-checked');
    expect(refused.lines).toEqual([
      'npm audit: NOT CHECKED, the registry refused the audit request (405 Method Not Allowed - POST https://registry.npmjs.org/-/npm/v1/security/advisories/bulk); no advisory was evaluated',
    ]);
    const unreachable = evaluateAudit(fixture('registry-unreachable.json'), [], today);
    expect(unreachable.kind).toBe('not-checked');
    expect(unreachable.lines[0]).toMatch(/NOT CHECKED, the registry could not be reached \(.*ECONNREFUSED/);
    expect(exitCodeOf(refused, false)).toBe(0);
    expect(exitCodeOf(refused, true)).toBe(3);
  });

  it('treats an audit that could not start (no lockfile, no JSON) as broken, not as "could not ask"', () => {
    const noLock = evaluateAudit(fixture('no-lockfile.json'), [], today);
    expect(noLock.kind).toBe('broken');
    expect(noLock.lines[0]).toMatch(/\(ENOLOCK\): This command requires an existing lockfile/);
    expect(exitCodeOf(noLock, false)).toBe(2);
    expect(evaluateAudit('npm error something\n', [], today).kind).toBe('broken');
  });
});

describe('the allowlist file', () => {
  it('parses the checked-in allowlist and refuses entries without an advisory id, a reason or a date', () => {
    const file = JSON.parse(readFileSync(path.join(repoDir, 'tools', 'npm-audit-allowlist.json'), 'utf8')) as unknown;
    expect(Array.isArray(parseAllowlist(file))).toBe(true);
    const good = accept('ws', 'GHSA-3h5v-q93c-6h6q');
    expect(parseAllowlist({ advisories: [good] })).toEqual([good]);
    expect(() => parseAllowlist({ advisories: [{ ...good, why: 'fine' }] })).toThrow(/why/);
    expect(() => parseAllowlist({ advisories: [{ ...good, advisory: '1098392' }] })).toThrow(/GHSA/);
    expect(() => parseAllowlist({ advisories: [{ ...good, until: 'next year' }] })).toThrow(/YYYY-MM-DD/);
    expect(() => parseAllowlist({ 'GHSA-3h5v-q93c-6h6q': good })).toThrow(/advisories/);
  });
});

describe('npm run audit', () => {
  it('runs the real npm audit and exits 0 with one NOT CHECKED line when the registry is unreachable', async () => {
    const run = (extra: string[]) =>
      new Promise<{ code: number; stdout: string }>((resolve) => {
        const args = [
          '--import',
          'tsx',
          'tools/npm-audit-check.ts',
          '--registry',
          'http://127.0.0.1:9/',
          '--fetch-retries=0',
        ];
        execFile(process.execPath, [...args, ...extra], { cwd: repoDir, timeout: 60_000 }, (error, stdout) =>
          resolve({ code: typeof error?.code === 'number' ? error.code : 0, stdout }),
        );
      });
    const plain = await run([]);
    expect(plain.code).toBe(0);
    expect(plain.stdout.trim().split('\n')).toHaveLength(1);
    expect(plain.stdout).toMatch(/^npm audit: NOT CHECKED, the registry could not be reached .*ECONNREFUSED/);
    expect((await run(['--require-answer'])).code).toBe(3);
  });
});
