// The layer rules of eslint.config.js, in their own module so tests/unit/lint/layers.test.ts can lint
// fixture imports against exactly these rules without type-aware parsing of the whole project.
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';

const layers = {
  contract: './electron/contract',
  core: './electron/core',
  main: './electron/main',
  preload: './electron/preload',
  worker: './electron/worker',
  cli: './electron/cli',
  renderer: './renderer',
};

/** Every layer except the given ones. */
function allBut(...kept) {
  return Object.entries(layers)
    .filter(([name]) => !kept.includes(name))
    .map(([, folder]) => folder);
}

/** Which folders each layer must not import (see README, "Architecture"). One message per rule. */
export const layerZones = [
  {
    target: layers.contract,
    from: allBut('contract'),
    message: 'The contract is the shared vocabulary: it imports zod only.',
  },
  {
    target: layers.core,
    from: allBut('core', 'contract'),
    message: 'The core is the product and runs under plain Node: it never imports a host or the UI.',
  },
  {
    target: layers.main,
    from: allBut('main', 'contract'),
    message: 'Main supervises and presents: it talks to the core only through the worker protocol.',
  },
  {
    target: layers.preload,
    from: allBut('preload', 'contract'),
    message: 'The preload exposes the contract’s WorkerApi and nothing else.',
  },
  {
    target: layers.worker,
    from: allBut('worker', 'contract', 'core'),
    message: 'The utility-process host wraps the core; it never reaches into main, the CLI or the UI.',
  },
  {
    target: layers.cli,
    from: allBut('cli', 'contract', 'core'),
    message: 'The CLI hosts the core headless; it never imports the Electron shell or the UI.',
  },
  {
    target: layers.renderer,
    from: allBut('renderer', 'contract'),
    message: 'The renderer depends only on the contract’s WorkerApi.',
  },
];

// Package families, named once so each layer's ban list reads as a sentence. A name bans its subpaths
// too ('electron-log/main'); 'node:' bans every built-in.
const electronPackages = ['electron', 'electron-log'];
const enginePackages = [
  '@huggingface/transformers',
  'onnxruntime-node',
  'onnxruntime-web',
  '@supabase/supabase-js',
  '@electric-sql/pglite',
  'ml-hclust',
  'stopword',
];
const nodeOnlyPackages = ['node:', 'winston', 'ws', 'commander', 'p-retry', 'tsx'];
const uiPackages = ['react', 'react-dom', 'zustand'];

/** Packages each layer must not import, beside the folder zones above. */
export const bannedPackages = {
  'electron/contract/**': {
    packages: [...electronPackages, ...enginePackages, ...nodeOnlyPackages, ...uiPackages],
    message: 'The contract runs in every process, the renderer included: it imports zod only.',
  },
  'electron/core/**': {
    packages: [...electronPackages, ...uiPackages],
    message: 'The core runs under plain Node (CLI, utility process): no Electron, no UI packages.',
  },
  'electron/main/**': {
    packages: [...enginePackages, 'winston', 'ws', 'commander', 'tsx', ...uiPackages],
    message: 'Main stays thin: the engine and its packages live in the worker process.',
  },
  'electron/preload/**': {
    packages: [...nodeOnlyPackages, 'electron-log', ...enginePackages, ...uiPackages],
    message: 'The sandboxed preload imports electron’s contextBridge/ipcRenderer and the contract only.',
  },
  'electron/worker/**': {
    packages: [...electronPackages, 'commander', ...uiPackages],
    message: 'The utility process speaks to main over process.parentPort; it needs no Electron module or UI.',
  },
  'electron/cli/**': {
    packages: [...electronPackages, ...uiPackages],
    message: 'The CLI runs under plain Node: no Electron, no UI packages.',
  },
  'renderer/**': {
    packages: [...electronPackages, ...enginePackages, ...nodeOnlyPackages],
    message: 'The renderer is a web page: it reaches the worker only through the WorkerApi.',
  },
};

/** One anchored pattern for a ban list: the package itself or a subpath of it, never a relative path. */
function importPattern(packages) {
  const escape = (name) => name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const names = packages.map((name) => (name.endsWith(':') ? `${escape(name)}.*` : `${escape(name)}(?:/.*)?`));
  return `^(?:${names.join('|')})$`;
}

/** Flat-config entries: the resolver, the zones, and one ban list per layer. */
export const layerConfigs = [
  {
    plugins: { 'import-x': importX },
    settings: {
      // Without a TypeScript resolver '../main/x.js' does not resolve to x.ts and every zone is skipped.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' }), createNodeResolver()],
    },
    rules: { 'import-x/no-restricted-paths': ['error', { zones: layerZones }] },
  },
  ...Object.entries(bannedPackages).map(([files, { packages, message }]) => ({
    files: [files],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: importPattern(packages), message }] }],
    },
  })),
];
