import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { FaultBed } from './fault-bed.js';

/** The stack's secrets, and the signature part of each key alone (a leak may be a fragment). */
function secretsOf(bed: FaultBed): string[] {
  const { serviceKey, anonKey, jwtSecret, secretKey } = bed.stack;
  const signatures = [serviceKey, anonKey].map((key) => key.split('.')[2] ?? key);
  return [serviceKey, anonKey, jwtSecret, secretKey, ...signatures].filter((value) => value.length >= 16);
}

function filesUnder(root: string): string[] {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/**
 * Every place a key could leak after a run: the worker logs (files and captured stdout/stderr), every
 * file under the workers' data and temp folders (settings, databases), and the text the worker stored
 * in the database (error messages, worker reports). Returns "where: what" for each finding.
 */
export async function scanForSecretsDeep(bed: FaultBed): Promise<string[]> {
  const findings = scanForSecrets(bed);
  const stored = await bed.stack.sql.query<{ text: string }>(
    `select coalesce(error_message, '') || ' ' || coalesce(title, '') as text from public.meetings
     union all select system_info::text || ' ' || name from public.workers`,
  );
  for (const secret of secretsOf(bed)) {
    if (stored.rows.some((row) => row.text.includes(secret))) findings.push(`database text: ${secret.slice(0, 6)}…`);
  }
  return findings;
}

export function scanForSecrets(bed: FaultBed): string[] {
  const findings: string[] = [];
  const sources = [
    ...filesUnder(bed.root).map((file) => ({
      where: path.relative(bed.root, file),
      text: readFileSync(file, 'latin1'),
    })),
    ...bed.workers.map((worker, index) => ({ where: `worker ${index} stdout/stderr`, text: worker.output() })),
  ];
  for (const { where, text } of sources) {
    for (const secret of secretsOf(bed)) if (text.includes(secret)) findings.push(`${where}: ${secret.slice(0, 6)}…`);
    if (/[?&]token=[A-Za-z0-9]/.test(text)) findings.push(`${where}: a signed-URL token`);
  }
  return findings;
}
