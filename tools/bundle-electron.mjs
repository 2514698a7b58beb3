#!/usr/bin/env node
/**
 * Bundles the four Node-side entries with esbuild: Electron main, the preload, the utility-process worker
 * and the CLI. Each bundle holds our code and every pure-JS package it imports, so the packaged app needs in
 * its node_modules only what cannot be bundled (`runtimePackages`): native binaries and packages that load
 * files next to their own module. package.json's `dependencies` are exactly those (electron-builder copies
 * dependencies, with what they depend on, into the app); everything bundled is a devDependency.
 *
 *   node tools/bundle-electron.mjs            build dist-electron/
 *   node tools/bundle-electron.mjs --meta     also write dist-electron/meta.json (esbuild's metafile)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { build } from 'esbuild';

const repoDir = path.resolve(import.meta.dirname, '..');

/**
 * Left out of the bundles and shipped in the app's node_modules, each for a reason:
 * onnxruntime-node: a native addon per platform (transformers.js loads it at run time with its own
 * createRequire, which finds it in the app's node_modules). @electric-sql/pglite: reads its .wasm and
 * .data beside its module (new URL(…, import.meta.url)). electron-log: main only; it finds its preload
 * file beside its own module.
 */
export const runtimePackages = ['onnxruntime-node', '@electric-sql/pglite', 'electron-log'];

/**
 * Imports that are never resolved at build time: electron (the host itself), ffmpeg-static (optional, a
 * checkout's fallback; the app ships its own ffmpeg), ws's optional native speed-ups and tsx-only paths.
 */
const neverBundled = ['electron', 'ffmpeg-static', 'bufferutil', 'utf-8-validate', 'vite'];

// CommonJS packages inside an ES module bundle still call require() for Node's built-ins.
const requireShim =
  "import { createRequire as __pcwCreateRequire } from 'node:module';\n" +
  'const require = __pcwCreateRequire(import.meta.url);';

/**
 * transformers.js imports sharp at its top for image pipelines; the worker runs speech models only. sharp
 * is a native addon with a libvips build per platform (~19 MB), so the bundles get a stand-in that
 * transformers.js accepts at load time and that says why if an image is ever asked for.
 */
const sharpStandIn = {
  name: 'sharp-stand-in',
  setup(builder) {
    builder.onResolve({ filter: /^sharp$/ }, () => ({ path: 'sharp', namespace: 'sharp-stand-in' }));
    builder.onLoad({ filter: /.*/, namespace: 'sharp-stand-in' }, () => ({
      contents:
        'export default function sharp() { throw new Error("PC Worker does not ship sharp: images are not supported."); }',
      loader: 'js',
    }));
  },
};

const node = {
  plugins: [sharpStandIn],
  bundle: true,
  platform: 'node',
  target: 'node20',
  logLevel: 'warning',
  external: [...runtimePackages, ...neverBundled],
  // Our sources name their imports '.js' while the files are '.ts'; esbuild maps them itself.
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
};

export const entries = [
  { in: 'electron/main/index.ts', out: 'dist-electron/main/index.js', format: 'esm' },
  { in: 'electron/worker/entry.ts', out: 'dist-electron/worker/entry.js', format: 'esm' },
  { in: 'electron/cli/pc-worker.ts', out: 'dist-electron/cli/pc-worker.js', format: 'esm' },
  { in: 'electron/preload/index.ts', out: 'dist-electron/preload/index.cjs', format: 'cjs' },
];

export async function bundleElectron({ meta = false } = {}) {
  const inputs = {};
  const outputs = {};
  for (const entry of entries) {
    const result = await build({
      ...node,
      ...(entry.format === 'esm' ? { banner: { js: requireShim } } : {}),
      // The preload runs sandboxed: Electron gives it `require('electron')` and nothing else.
      ...(entry.format === 'cjs' ? { external: ['electron'] } : {}),
      format: entry.format,
      absWorkingDir: repoDir,
      entryPoints: [entry.in],
      outfile: entry.out,
    });
    Object.assign(inputs, result.metafile.inputs);
    Object.assign(outputs, result.metafile.outputs);
  }
  if (meta) writeFileSync(path.join(repoDir, 'dist-electron', 'meta.json'), JSON.stringify({ inputs, outputs }));
  return { inputs, outputs };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await bundleElectron({ meta: process.argv.includes('--meta') });
}
