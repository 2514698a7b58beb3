import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

import { defaultRendererDir } from './dashboard-server.js';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * `npm run dashboard` right after `npm ci`: the renderer is not built yet, so build it once (Vite,
 * from the checkout's dev dependencies) before serving. An installed package ships it built.
 */
export function ensureRendererBuilt(rendererDir = defaultRendererDir): void {
  if (existsSync(path.join(rendererDir, 'index.html'))) return;
  let vite: string;
  try {
    vite = createRequire(path.join(repoRoot, 'package.json')).resolve('vite/bin/vite.js');
  } catch {
    throw new Error(
      `The dashboard is not built (${rendererDir}) and Vite is not installed to build it: run \`npm ci\`.`,
    );
  }
  process.stderr.write('Building the dashboard (once; about a minute)…\n');
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: repoRoot, stdio: 'inherit' });
  if (built.status !== 0 || !existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error('Building the dashboard failed (see above); `npm run build:renderer` shows the same.');
  }
}
