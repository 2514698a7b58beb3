import { describe, expect, it } from 'vitest';

import { settingsSchema } from '../../../electron/contract/settings.js';

const base = { workerId: 'w', workerName: 'W', dataDir: '/tmp/d', audioTempDir: '/tmp/a' };
const summaryUrl = (summaryApiUrl: string) => settingsSchema.safeParse({ ...base, summaryApiUrl }).success;

describe('the summary API address', () => {
  it('takes https anywhere and plain http only on this machine (the transcript and the key travel there)', () => {
    expect(summaryUrl('https://api.example.com/v1')).toBe(true);
    for (const local of ['http://127.0.0.1:11434/v1', 'http://localhost:1234/v1', 'http://[::1]:8080/v1'])
      expect(summaryUrl(local), local).toBe(true);
    for (const remote of [
      'http://api.example.com/v1',
      'http://192.168.1.20:11434/v1',
      'http://localhost.evil.example/v1',
      'http://127.0.0.1@evil.example/v1',
      'http://127.0.0.1.nip.io/v1',
    ])
      expect(summaryUrl(remote), remote).toBe(false);
  });
});
