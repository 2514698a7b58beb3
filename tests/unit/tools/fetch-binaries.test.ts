import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, describe, expect, it } from 'vitest';

import { repoDir } from '../../support/shared-data.js';

const run = promisify(execFile);

/**
 * The project's postinstall on a machine that reaches only the package registry: the real electron and
 * onnxruntime-node install scripts run (linked from node_modules into a scratch project), with Electron's
 * mirror pointed at a closed local port, as GitHub is unreachable here.
 */
const project = mkdtempSync(path.join(tmpdir(), 'pcw-fetch-binaries-'));
mkdirSync(path.join(project, 'tools'));
mkdirSync(path.join(project, 'node_modules'));
copyFileSync(path.join(repoDir, 'tools', 'fetch-binaries.mjs'), path.join(project, 'tools', 'fetch-binaries.mjs'));
for (const name of ['electron', 'onnxruntime-node']) {
  symlinkSync(path.join(repoDir, 'node_modules', name), path.join(project, 'node_modules', name), 'dir');
}
afterAll(() => rmSync(project, { recursive: true, force: true }));

describe('npm install without GitHub', () => {
  it('finishes with a notice naming the missing Electron binary, the reason and how to fetch it later', async () => {
    const { stderr } = await run(process.execPath, [path.join(project, 'tools', 'fetch-binaries.mjs')], {
      env: {
        ...process.env,
        ELECTRON_SKIP_BINARY_DOWNLOAD: '',
        npm_config_electron_mirror: 'http://127.0.0.1:1/',
        ONNXRUNTIME_NODE_INSTALL: 'skip',
      },
    });
    expect(stderr).toContain('PC Worker: the Electron binary was not downloaded (connect ECONNREFUSED 127.0.0.1:1)');
    expect(stderr).toContain('npm run fetch-binaries');
    expect(stderr).not.toContain('CUDA provider');
    expect(stderr).toContain('1 binary download(s) skipped');
  });
});
