import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createLogger } from '../../../../electron/core/log/logger.js';

/** Log lines name meetings, people and file paths (issue 15, low): only this user may read them. */
describe('log files', () => {
  let dir = '';
  const mode = (file: string) => statSync(file).mode & 0o777;
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('are created 0600 in a new folder made 0700', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-log-modes-'));
    const logDir = path.join(dir, 'logs');
    const log = createLogger({ level: 'info', logDir, console: false, secrets: [] });
    log.info('Weekly sync with Ada: processing started');
    log.error('save failed');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mode(logDir)).toBe(0o700);
    expect(mode(path.join(logDir, 'pc-worker.log'))).toBe(0o600);
    expect(mode(path.join(logDir, 'pc-worker-error.log'))).toBe(0o600);
  });

  it('narrows files an older version left world-readable', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-log-modes-'));
    mkdirSync(path.join(dir, 'logs'));
    const old = path.join(dir, 'logs', 'pc-worker.log');
    writeFileSync(old, 'an earlier line\n');
    chmodSync(old, 0o644);
    const log = createLogger({ level: 'info', logDir: path.join(dir, 'logs'), console: false, secrets: [] });
    log.info('next line');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(mode(old)).toBe(0o600);
  });
});
