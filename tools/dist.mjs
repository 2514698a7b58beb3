#!/usr/bin/env node
/**
 * `npm run dist`: the renderer, the esbuild bundles, the target's ffmpeg, then electron-builder for the
 * host platform, signed and notarized as far as the environment allows (build/signing.mjs): each step
 * that is skipped is said once, before packaging.
 *
 *   npm run dist                     installers for this system
 *   npm run dist -- --dir            the unpacked app only (what `npm run test:electron` starts)
 *   npm run dist -- --plan           print what would be signed and notarized, build nothing
 *   npm run dist -- --plan --target mac   …for another system's installer (win | mac | linux)
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { signingPlan } from '../build/signing.mjs';

const repoDir = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const hostTarget = { win32: 'win', darwin: 'mac', linux: 'linux' }[process.platform] ?? 'linux';
const asked = args.includes('--target') ? args[args.indexOf('--target') + 1] : undefined;
if (asked !== undefined && (!args.includes('--plan') || !['win', 'mac', 'linux'].includes(asked))) {
  console.error('PC Worker: --target win|mac|linux goes with --plan (installers are built on their own system).');
  process.exit(1);
}
const target = asked ?? hostTarget;

const plan = signingPlan(process.env, target);
for (const notice of plan.notices) console.log(`PC Worker: ${notice}`);
if (plan.errors.length > 0) {
  for (const error of plan.errors) console.error(`PC Worker: ${error}`);
  process.exit(1);
}
if (args.includes('--plan')) process.exit(0);

const step = (command, commandArgs, env = process.env) => {
  const result = spawnSync(command, commandArgs, { cwd: repoDir, stdio: 'inherit', env });
  if (result.status !== 0) process.exit(result.status ?? 1);
};
step('npm', ['run', 'build:renderer']);
step('npm', ['run', 'build:electron']);
step(process.execPath, [path.join(repoDir, 'tools', 'fetch-ffmpeg.mjs')]);
step(
  path.join(repoDir, 'node_modules', '.bin', 'electron-builder'),
  ['--config', 'electron-builder.yml', ...plan.args, ...args],
  { ...process.env, ...plan.env },
);
