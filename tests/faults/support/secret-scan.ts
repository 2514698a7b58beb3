import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { FaultBed } from './fault-bed.js';

/** Text a key could have leaked into, and where it came from. */
export interface ScannedText {
  where: string;
  text: string;
}

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

function findSecrets(bed: FaultBed, sources: ScannedText[]): string[] {
  const findings: string[] = [];
  for (const { where, text } of sources) {
    for (const secret of secretsOf(bed)) if (text.includes(secret)) findings.push(`${where}: ${secret.slice(0, 6)}…`);
    // A storage signed URL carries a JWT (`?token=eyJ…`); the dashboard's own per-run token, printed
    // for the person who starts it, is random base64url and is not a storage credential.
    if (/[?&]token=eyJ[\w-]+\./.test(text)) findings.push(`${where}: a signed-URL token`);
  }
  return findings;
}

/** Every row of every table in `public`, as the JSON a web app reading them would get. */
async function databaseText(bed: FaultBed): Promise<ScannedText[]> {
  const tables = await bed.stack.sql.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const sources: ScannedText[] = [];
  for (const { name } of tables.rows) {
    const rows = await bed.stack.sql.query<{ text: string }>(
      `select row_to_json(t)::text as text from public.${JSON.stringify(name)} t`,
    );
    sources.push(...rows.rows.map((row) => ({ where: `database public.${name}`, text: row.text })));
  }
  return sources;
}

/**
 * Every place a key could leak after a run: the worker logs (files and captured stdout/stderr, which
 * is also what a crash leaves: Node prints an uncaught error there), every file under the workers'
 * data and temp folders (settings files, databases), every row the worker can write in the database
 * (error messages, worker reports, transcripts, summaries), and `extra` (what a dashboard sent).
 * Returns "where: what" for each finding.
 */
export async function scanForSecretsDeep(bed: FaultBed, extra: ScannedText[] = []): Promise<string[]> {
  return [...scanForSecrets(bed), ...findSecrets(bed, [...(await databaseText(bed)), ...extra])];
}

export function scanForSecrets(bed: FaultBed): string[] {
  return findSecrets(bed, [
    ...filesUnder(bed.root).map((file) => ({
      where: path.relative(bed.root, file),
      text: readFileSync(file, 'latin1'),
    })),
    ...bed.workers.map((worker, index) => ({ where: `worker ${index} stdout/stderr`, text: worker.output() })),
  ]);
}
