/**
 * `npm run audit`: `npm audit` at high severity against the reasoned allowlist
 * (tools/npm-audit-allowlist.json). Exit 0 when the registry answered and every high/critical
 * advisory is accepted, or when the registry could not be asked (one NOT CHECKED line says why);
 * 1 for an advisory not accepted; 2 when the audit itself is broken (no lockfile, bad allowlist).
 * `--require-answer` turns "could not ask" into exit 3; other arguments go to `npm audit`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { evaluateAudit, exitCodeOf, parseAllowlist } from './npm-audit-report.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const requireAnswer = args.includes('--require-answer');
const npmArgs = ['audit', '--json', ...args.filter((arg) => arg !== '--require-answer')];

function runNpmAudit(): Promise<string> {
  return new Promise((resolve) => {
    // npm audit exits 1 both for findings and for failures: the JSON on stdout tells them apart.
    execFile('npm', npmArgs, { cwd: root, maxBuffer: 64 << 20, timeout: 120_000 }, (_error, stdout) => resolve(stdout));
  });
}

let allowlist;
try {
  allowlist = parseAllowlist(JSON.parse(readFileSync(path.join(root, 'tools', 'npm-audit-allowlist.json'), 'utf8')));
} catch (error) {
  process.stderr.write(`npm audit: tools/npm-audit-allowlist.json is invalid: ${(error as Error).message}\n`);
  process.exit(2);
}
const verdict = evaluateAudit(await runNpmAudit(), allowlist, new Date().toISOString().slice(0, 10));
const stream = verdict.kind === 'clean' || verdict.kind === 'not-checked' ? process.stdout : process.stderr;
stream.write(`${verdict.lines.join('\n')}\n`);
process.exit(exitCodeOf(verdict, requireAnswer));
