#!/usr/bin/env node
// `npm audit` at high severity with a reasoned allowlist (tools/npm-audit-allowlist.json). Exit 0 when every
// high/critical advisory is allowlisted and unexpired; 1 when one is not; 2 when the audit could not run
// (no registry audit endpoint): CI must not read "could not check" as "clean".
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const allowlist = JSON.parse(readFileSync(path.join(root, 'tools', 'npm-audit-allowlist.json'), 'utf8')).advisories;
const blocking = new Set(['high', 'critical']);

const report = await new Promise((resolve) => {
  execFile('npm', ['audit', '--json'], { cwd: root, maxBuffer: 64 << 20 }, (_error, stdout) => {
    try {
      resolve(JSON.parse(stdout));
    } catch {
      resolve(null);
    }
  });
});
if (report === null || report.vulnerabilities === undefined) {
  console.error(`npm audit could not run: ${report?.message ?? 'no JSON report'}`);
  process.exit(2);
}

const today = new Date().toISOString().slice(0, 10);
const findings = [];
for (const [name, entry] of Object.entries(report.vulnerabilities)) {
  for (const via of entry.via) {
    // String entries point at another vulnerable package; its own advisory is listed under that name.
    if (typeof via === 'string' || !blocking.has(via.severity)) continue;
    const id = /GHSA-[\w-]+/.exec(via.url ?? '')?.[0] ?? String(via.source);
    const allowed = allowlist[id];
    const state =
      allowed === undefined ? 'not allowlisted' : allowed.until < today ? `allowlist expired ${allowed.until}` : null;
    if (state !== null) findings.push(`${via.severity} ${name} ${id} (${via.title}): ${state}`);
  }
}
for (const finding of findings) console.error(finding);
console.log(
  findings.length === 0
    ? 'npm audit: no unaccepted high or critical advisory'
    : `npm audit: ${findings.length} unaccepted`,
);
process.exit(findings.length === 0 ? 0 : 1);
