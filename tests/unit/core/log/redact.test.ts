import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { createLogger, type LogLine } from '../../../../electron/core/log/logger.js';
import { createRedactor } from '../../../../electron/core/log/redact.js';

const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoic2VydmljZV9yb2xlIn0.c2lnbmF0dXJlLWJ5dGVzLWhlcmU';

describe('createRedactor', () => {
  it('removes known secret values and secret-shaped text', () => {
    const redact = createRedactor(['my-very-secret-key-123']);
    const text = redact(
      `key my-very-secret-key-123 jwt ${jwt} url https://x/object/sign/a.wav?token=abc.def&x=1 sb_secret_abcdefghijkl postgres://user:pw@host/db`,
    );
    expect(text).not.toContain('my-very-secret-key-123');
    expect(text).not.toContain(jwt);
    expect(text).not.toContain('token=abc.def');
    expect(text).not.toContain('sb_secret_abcdefghijkl');
    expect(text).not.toContain(':pw@');
    expect(text).toContain('?token=[redacted]&x=1');
  });
});

describe('createLogger', () => {
  let dir = '';
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes the seed's line format to a rotating file and errors to their own file, without secrets", async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-log-'));
    const lines: LogLine[] = [];
    const log = createLogger({
      level: 'info',
      logDir: dir,
      console: false,
      secrets: [jwt],
      onLine: (line) => lines.push(line),
    });
    log.child('queue').info(`claimed with ${jwt}`, { meeting: 'm1', attempt: 2 });
    log.error('save failed');
    log.debug('not at info level');
    await new Promise((resolve) => setTimeout(resolve, 200));
    const all = readFileSync(path.join(dir, 'pc-worker.log'), 'utf8');
    expect(all).toMatch(
      /^\[\d{4}-\d\d-\d\dT[^\]]+\] - \[pc-worker\.queue\] - \[INFO\] - \[redact\.test\.ts:\d+\] - claimed with \[redacted\] \| meeting=m1 attempt=2$/m,
    );
    expect(all).not.toContain(jwt);
    expect(all).not.toContain('not at info level');
    expect(readFileSync(path.join(dir, 'pc-worker-error.log'), 'utf8')).toContain('save failed');
    expect(readFileSync(path.join(dir, 'pc-worker-error.log'), 'utf8')).not.toContain('claimed');
    expect(lines.map((line) => line.message)).toEqual(['claimed with [redacted]', 'save failed']);
    // The fields travel with the line (the app's main.log and the dashboard show them), redacted too.
    expect(lines.map((line) => line.fields)).toEqual(['meeting=m1 attempt=2', undefined]);
    log.warn('polling failed', { reason: `401 for ${jwt}` });
    expect(lines.at(-1)?.fields).toBe('reason=401 for [redacted]');
  });
});
