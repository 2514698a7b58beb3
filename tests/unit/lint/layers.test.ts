/**
 * The layer rules must really fire: one fixture import per forbidden edge is linted (ESLint's Node API,
 * the real resolver and rules from eslint.layers.js, files placed virtually inside each layer) and must
 * be reported; the allowed edges beside them must pass, so the test cannot pass by reporting everything.
 */
import { join, relative } from 'node:path';

import { ESLint, type Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

import { bannedPackages, layerConfigs, layerZones } from '../../../eslint.layers.js';

const root = new URL('../../../', import.meta.url).pathname;

/** A real module in each layer (as the code names them: .js for the .ts file). */
const moduleIn: Record<string, string> = {
  './electron/contract': 'electron/contract/settings.js',
  './electron/core': 'electron/core/retry.js',
  './electron/main': 'electron/main/ports.js',
  './electron/preload': 'electron/preload/index.js',
  './electron/worker': 'electron/worker/entry.js',
  './electron/cli': 'electron/cli/pc-worker.js',
  './renderer': 'renderer/components/format.js',
};

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [{ files: ['**/*.ts', '**/*.tsx'], languageOptions: { parser: tseslint.parser } }, ...layerConfigs],
});

/** Lints one import (a package, or a repo-relative module) as if written in `<layer>/fixture/lint-fixture.ts`; returns the rules reported. */
async function rulesFiredBy(layer: string, target: string): Promise<string[]> {
  const folder = join(root, layer, 'fixture');
  const filePath = join(folder, 'lint-fixture.ts');
  const specifier = target.includes('/') && target.endsWith('.js') ? relative(folder, join(root, target)) : target;
  const code = `import * as imported from '${specifier}';\nexport const used = imported;\n`;
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((message) => message.ruleId ?? message.message);
}

const folderEdges = layerZones.flatMap((zone) =>
  zone.from.map((from) => ({ layer: zone.target, specifier: moduleIn[from] ?? '' })),
);

describe('layer zones', () => {
  it.each(folderEdges)('refuses $layer importing $specifier', async ({ layer, specifier }) => {
    expect(await rulesFiredBy(layer, specifier)).toContain('import-x/no-restricted-paths');
  });

  it.each([
    { layer: './electron/core', specifier: moduleIn['./electron/contract'] ?? '' },
    { layer: './electron/worker', specifier: moduleIn['./electron/core'] ?? '' },
    { layer: './electron/cli', specifier: moduleIn['./electron/core'] ?? '' },
    { layer: './electron/main', specifier: moduleIn['./electron/contract'] ?? '' },
    { layer: './renderer', specifier: moduleIn['./electron/contract'] ?? '' },
  ])('lets $layer import $specifier', async ({ layer, specifier }) => {
    expect(await rulesFiredBy(layer, specifier)).toEqual([]);
  });
});

/** One package of each ban list, folder by folder; the examples are among them. */
const packageEdges = Object.entries(bannedPackages).flatMap(([files, { packages }]) =>
  packages.map((pkg) => ({
    layer: `./${files.replace('/**', '')}`,
    pkg: pkg === 'node:' ? 'node:fs' : pkg,
  })),
);

describe('banned packages per layer', () => {
  it('covers the edges the review found passing', () => {
    const edges = packageEdges.map(({ layer, pkg }) => `${layer} -> ${pkg}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        './renderer -> electron',
        './electron/main -> @huggingface/transformers',
        './electron/contract -> winston',
        './electron/core -> electron',
      ]),
    );
  });

  it.each(packageEdges)('refuses $layer importing $pkg', async ({ layer, pkg }) => {
    expect(await rulesFiredBy(layer, pkg)).toContain('no-restricted-imports');
  });

  it.each([
    { layer: './electron/contract', pkg: 'zod' },
    { layer: './electron/core', pkg: '@huggingface/transformers' },
    { layer: './electron/main', pkg: 'electron' },
    { layer: './electron/preload', pkg: 'electron' },
    { layer: './electron/cli', pkg: 'commander' },
    { layer: './renderer', pkg: 'react' },
    { layer: './electron/main', pkg: 'electron-log/main' },
  ])('lets $layer import $pkg', async ({ layer, pkg }) => {
    expect(await rulesFiredBy(layer, pkg)).toEqual([]);
  });

  it('bans a package’s subpaths, not packages that merely share its prefix', async () => {
    expect(await rulesFiredBy('./electron/core', 'electron-log/main')).toContain('no-restricted-imports');
    expect(await rulesFiredBy('./electron/contract', 'node:fs/promises')).toContain('no-restricted-imports');
    expect(await rulesFiredBy('./electron/core', 'electron-builder')).toEqual([]);
  });
});

describe('eslint.config.js', () => {
  it('applies the resolver and the zones to the real source files', async () => {
    const project = new ESLint({ cwd: root });
    for (const file of ['electron/core/retry.ts', 'electron/worker/entry.ts', 'renderer/main.tsx']) {
      const config = (await project.calculateConfigForFile(file)) as Linter.Config;
      expect(config.settings?.['import-x/resolver-next']).toBeDefined();
      expect(config.rules?.['import-x/no-restricted-paths']).toBeDefined();
      expect(config.rules?.['no-restricted-imports']).toBeDefined();
    }
  });
});
