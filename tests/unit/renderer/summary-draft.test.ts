import { describe, expect, it } from 'vitest';

import { settingsInputSchema, type SettingsView } from '../../../electron/contract/api.js';
import { settingsSchema, toPublicSettings } from '../../../electron/contract/settings.js';
import { summaryInput, summaryIssues, toSummaryDraft } from '../../../renderer/views/settings/summary-draft.js';

const base = { workerId: 'desk-1', workerName: 'Office PC', audioTempDir: '/tmp/a' };
const viewOf = (settings: Record<string, unknown>): SettingsView => ({
  ...toPublicSettings(settingsSchema.parse({ ...base, dataDir: '/tmp/d', ...settings })),
  startAtLogin: false,
  firstRun: false,
});
const configured = viewOf({
  summaryBackend: 'openai-compatible',
  summaryApiUrl: 'http://127.0.0.1:11434/v1',
  summaryApiModel: 'llama3.2',
  summaryApiKey: 'sk-stored-secret-key',
  summaryTimeoutSeconds: 45,
  summaryApiStream: true,
});

describe('summary settings in the form', () => {
  it('sends back what was saved, so saving other fields never resets the summary backend', () => {
    const draft = toSummaryDraft(configured);
    const sent = settingsInputSchema.parse({ ...base, ...summaryInput(draft) });
    expect(sent).toMatchObject({
      summaryBackend: 'openai-compatible',
      summaryApiUrl: 'http://127.0.0.1:11434/v1',
      summaryApiModel: 'llama3.2',
      summaryTimeoutSeconds: 45,
      summaryApiStream: true,
      clearSummaryApiKey: false,
    });
    // The stored key is neither in the view nor sent back: absent means "keep it".
    expect(JSON.stringify(draft)).not.toContain('sk-stored-secret-key');
    expect(sent.newSummaryApiKey).toBeUndefined();
  });

  it('sends a typed key as a replacement and "remove" as a clear without any key', () => {
    const draft = toSummaryDraft(configured);
    expect(summaryInput({ ...draft, newSummaryApiKey: '  sk-new-key ' })).toMatchObject({
      newSummaryApiKey: 'sk-new-key',
      clearSummaryApiKey: false,
    });
    const removed = summaryInput({ ...draft, newSummaryApiKey: 'sk-typed', clearSummaryApiKey: true });
    expect(removed.clearSummaryApiKey).toBe(true);
    expect(removed).not.toHaveProperty('newSummaryApiKey');
  });

  it('leaves empty URL and model out, and asks for them when the chat API is chosen', () => {
    const draft = { ...toSummaryDraft(viewOf({})), summaryApiUrl: ' ', summaryApiModel: '' };
    expect(summaryInput(draft)).not.toHaveProperty('summaryApiUrl');
    expect(summaryIssues(draft)).toEqual({});
    expect(Object.keys(summaryIssues({ ...draft, summaryBackend: 'openai-compatible' }))).toEqual([
      'summaryApiUrl',
      'summaryApiModel',
    ]);
  });

  it('lets the shared schema flag a URL that is not http(s)', () => {
    const draft = { ...toSummaryDraft(configured), summaryApiUrl: 'ftp://example.org/v1' };
    const parsed = settingsInputSchema.safeParse({ ...base, ...summaryInput(draft) });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['summaryApiUrl']);
  });
});
