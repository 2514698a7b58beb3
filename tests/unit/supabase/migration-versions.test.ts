import { readdirSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { repoDir } from '../../support/shared-data.js';

/**
 * The Supabase CLI and the embedded queue both record a migration by its version (the file name's
 * leading digits). Two files with one version, landed from two branches, made the embedded queue
 * crash on open ("duplicate key ... schema_migrations_pkey") while each branch alone was green.
 */
describe('supabase/migrations', () => {
  it('gives every migration a version of its own, in the <14 digits>_<name>.sql form', () => {
    const files = readdirSync(path.join(repoDir, 'supabase', 'migrations')).filter((file) => file.endsWith('.sql'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) expect(file).toMatch(/^\d{14}_[a-z0-9_]+\.sql$/);
    const versions = files.map((file) => file.slice(0, 14));
    const repeated = versions.filter((version, index) => versions.indexOf(version) !== index);
    expect(repeated).toEqual([]);
  });
});
