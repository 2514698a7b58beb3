import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { PROJECT_ROOT } from '../support/stack/migrations.js';
import { startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

import { writeResultsSection, type ScenarioTally } from './support/results-report.js';

const run = promisify(execFile);
const cli = (args: string[]) =>
  run('npx', ['supabase', ...args], { cwd: PROJECT_ROOT, timeout: 120_000, maxBuffer: 16 << 20 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: `${stdout}\n${stderr}` }),
    (caught: unknown) => {
      const error = caught as { code?: number; stdout?: string; stderr?: string };
      return { code: error.code ?? 1, output: `${error.stdout ?? ''}\n${error.stderr ?? ''}` };
    },
  );

/** The real Supabase CLI's schema checks against the migrated stack: they must stay clean. */
describe('supabase db lint and db advisors on the migrated schema', { timeout: 180_000 }, () => {
  let stack: SupabaseStack;
  const results: ScenarioTally[] = [];

  beforeAll(async () => {
    stack = await startSupabaseStack();
  });
  afterAll(async () => {
    writeResultsSection(
      'database',
      'Supabase CLI schema checks',
      results,
      'npx supabase (v3.1.0) against the stack, after all migrations.',
    );
    await stack.stop();
  });

  it('passes `supabase db lint --db-url` with no warning or error (plpgsql_check on every function)', async () => {
    const lint = await cli([
      'db',
      'lint',
      '--db-url',
      stack.dbUrl,
      '--schema',
      'public',
      '--level',
      'warning',
      '--fail-on',
      'warning',
    ]);
    results.push({
      scenario: 'supabase db lint (level warning)',
      runs: 1,
      submitted: 1,
      completedOnce: lint.code === 0 ? 1 : 0,
      failedWithReason: 0,
      lost: lint.code === 0 ? 0 : 1,
      duplicated: 0,
      notes: lint.output.trim().split('\n').slice(-3).join(' ').slice(0, 300),
    });
    expect(lint.output).not.toMatch(/"level": ?"(warning|error)"/);
    expect(lint.code, lint.output).toBe(0);
  });

  it('passes `supabase db advisors` (security and performance) against the database URL, without Docker', async () => {
    const advisors = await cli([
      'db',
      'advisors',
      `--remote=${stack.dbUrl}`,
      '--type',
      'all',
      '--level',
      'warn',
      '--fail-on',
      'warn',
    ]);
    results.push({
      scenario: 'supabase db advisors (level warn)',
      runs: 1,
      submitted: 1,
      completedOnce: advisors.code === 0 ? 1 : 0,
      failedWithReason: 0,
      lost: advisors.code === 0 ? 0 : 1,
      duplicated: 0,
      notes: advisors.output.trim().split('\n').slice(-3).join(' ').slice(0, 300),
    });
    expect(advisors.code, advisors.output).toBe(0);
  });
});
