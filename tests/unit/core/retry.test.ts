import { describe, expect, it } from 'vitest';

import { ConnectionError, CorruptedAudioError, RetriesExhaustedError } from '../../../electron/core/errors.js';
import { createLogger } from '../../../electron/core/log/logger.js';
import { withRetry } from '../../../electron/core/retry.js';

const log = createLogger({ level: 'error', console: false, secrets: [] });

describe('withRetry', () => {
  it('retries a connection failure and returns the eventual result', async () => {
    let calls = 0;
    const value = await withRetry(
      () => {
        calls += 1;
        return calls < 3 ? Promise.reject(new ConnectionError('down')) : Promise.resolve('ok');
      },
      { what: 'reach the database', log, minDelayMs: 1 },
    );
    expect({ value, calls }).toEqual({ value: 'ok', calls: 3 });
  });

  it('gives up after 3 attempts with a message that says what failed', async () => {
    let calls = 0;
    const attempt = withRetry(
      () => {
        calls += 1;
        return Promise.reject(new ConnectionError('connection refused'));
      },
      { what: 'claim a meeting', log, minDelayMs: 1 },
    );
    await expect(attempt).rejects.toThrow(RetriesExhaustedError);
    await expect(attempt).rejects.toThrow('Could not claim a meeting after 3 attempts: connection refused');
    expect(calls).toBe(3);
  });

  it('does not retry a bad recording', async () => {
    let calls = 0;
    const attempt = withRetry(
      () => {
        calls += 1;
        return Promise.reject(new CorruptedAudioError('empty'));
      },
      { what: 'decode', log, minDelayMs: 1 },
    );
    await expect(attempt).rejects.toThrow(CorruptedAudioError);
    expect(calls).toBe(1);
  });

  it('does not retry a bug in our code, but does retry a network failure that fetch reports as a TypeError', async () => {
    let calls = 0;
    const bug = withRetry(
      () => {
        calls += 1;
        const row = undefined as unknown as { id: string };
        return Promise.resolve(row.id);
      },
      { what: 'read a meeting', log, minDelayMs: 1 },
    );
    await expect(bug).rejects.toThrow(TypeError);
    expect(calls).toBe(1);

    calls = 0;
    const offline = withRetry(
      () => {
        calls += 1;
        return fetch('http://127.0.0.1:9/unreachable').then(() => 'reached');
      },
      { what: 'reach the server', log, minDelayMs: 1 },
    );
    await expect(offline).rejects.toThrow(RetriesExhaustedError);
    await expect(offline).rejects.toThrow('Could not reach the server after 3 attempts: fetch failed');
    expect(calls).toBe(3);
  });
});
