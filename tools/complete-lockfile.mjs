#!/usr/bin/env node
// The npm registry reachable from the development machines serves only the linux-x64 builds of some
// platform-specific optional packages (the Supabase CLI, PostgREST, Vite's Windows helper). npm then
// leaves them out of package-lock.json, and `npm ci` refuses the lock as "out of sync". This restores
// their entries the way npm writes optional platform packages — version, optional, os/cpu — without a
// tarball address (which cannot be read here), so `npm ci` skips them on Linux and resolves them from the
// registry on the platforms that need them. Run it after `npm install` changes the lock.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const added = [];

function platformOf(name) {
  const os = /darwin/.test(name)
    ? 'darwin'
    : /win32|windows/.test(name)
      ? 'win32'
      : /linux/.test(name)
        ? 'linux'
        : null;
  const cpu = /arm64/.test(name) ? 'arm64' : /x64/.test(name) ? 'x64' : null;
  return {
    ...(os === null ? {} : { os: [os] }),
    ...(cpu === null ? {} : { cpu: [cpu] }),
    ...(/musl/.test(name) ? { libc: ['musl'] } : {}),
  };
}

for (const [location, entry] of Object.entries(packages)) {
  for (const [name, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location === '' ? '' : `${location}/`}node_modules/${name}`;
    if (packages[nested] !== undefined || packages[`node_modules/${name}`] !== undefined) continue;
    const version = String(range).replace(/^[v^~>=<\s]+/, '');
    packages[`node_modules/${name}`] = { version, optional: true, ...platformOf(name) };
    added.push(`${name}@${version}`);
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))),
);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(added.length === 0 ? 'package-lock.json is complete' : `added: ${added.join(', ')}`);
