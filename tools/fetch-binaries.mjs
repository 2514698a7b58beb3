#!/usr/bin/env node
// The project's `postinstall`: fetches the two binaries that live outside the npm registry, and lets a
// failed download end in a notice instead of a failed `npm ci`.
//
// package.json's `allowScripts` denies electron's and onnxruntime-node's own install scripts (npm 11.19+
// honours it), and this script runs them in their place. On a normal online machine the result is the same
// as theirs: the Electron binary from GitHub, and on Linux x64 onnxruntime's CUDA provider from NuGet (its
// CPU, DirectML and CoreML binaries come in the npm package itself). On a machine that reaches only the
// package registry, each failed download prints what is missing, what needs it and how to fetch it later,
// and the install succeeds: the CLI, the headless dashboard and `npm test` need neither binary.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Each download: the package, its install script (relative to the package), and what it is for. */
const downloads = [
  {
    name: 'electron',
    script: 'install.js',
    what: 'the Electron binary',
    neededBy: 'the desktop app run from source (`npm run dist` downloads its own)',
  },
  {
    name: 'onnxruntime-node',
    script: 'script/install.js',
    what: "onnxruntime's CUDA provider (Linux x64 only)",
    neededBy: 'Whisper on an NVIDIA GPU under Linux (the CPU is used without it)',
  },
];

let missing = 0;
for (const download of downloads) {
  const packageDir = path.join(root, 'node_modules', download.name);
  if (!existsSync(path.join(packageDir, download.script))) continue; // not installed (e.g. --omit=dev)
  const result = spawnSync(process.execPath, [download.script], {
    cwd: packageDir,
    // As npm runs a dependency's script: npm_package_json names the dependency (onnxruntime-node's script
    // skips everything when it believes it is the project being installed).
    env: { ...process.env, npm_package_json: path.join(packageDir, 'package.json') },
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (result.status === 0) {
    process.stdout.write(result.stdout);
    continue;
  }
  missing += 1;
  const output = `${result.stderr ?? ''}\n${result.stdout ?? ''}`;
  const reason =
    result.error?.message ??
    output.match(/getaddrinfo \w+ [\w.-]+|connect \w+ [\d.:]+/)?.[0] ??
    output.match(/\w*Error: ([^\n]+)/)?.[1] ??
    `its install script exited with ${String(result.status ?? result.signal)}`;
  console.warn(
    `PC Worker: ${download.what} was not downloaded (${reason.trim()}).\n` +
      `  Needed by ${download.neededBy}; the CLI, the dashboard and \`npm test\` work without it.\n` +
      `  Fetch it later, online: npm run fetch-binaries`,
  );
}
if (missing > 0) console.warn(`PC Worker: npm install finished; ${String(missing)} binary download(s) skipped.`);
