import type { SettingsInput, SettingsView } from '../../../electron/contract/api.js';
import { summaryBackendChoices } from '../../../electron/contract/settings.js';

import type { FieldIssues } from './field-issues.js';

type SummaryBackend = (typeof summaryBackendChoices)[number];

/** The summary part of the settings form, as typed. The stored key is never in it, only a new one. */
export interface SummaryDraft {
  summaryBackend: SummaryBackend;
  summaryApiUrl: string;
  summaryApiModel: string;
  summaryTimeoutSeconds: string;
  summaryApiStream: boolean;
  /** A replacement key typed by the person; empty keeps the saved one. */
  newSummaryApiKey: string;
  /** The person asked to remove the saved key. */
  clearSummaryApiKey: boolean;
}

export const summaryBackendLabels: Record<SummaryBackend, string> = {
  auto: 'A chat model when one is set below, else key sentences (automatic)',
  extractive: 'Key sentences quoted from the meeting, no model needed (extractive)',
  'openai-compatible': 'A chat model on a server: Ollama, LM Studio… (OpenAI-compatible)',
};

export function toSummaryDraft(view: SettingsView): SummaryDraft {
  return {
    summaryBackend: view.summaryBackend,
    summaryApiUrl: view.summaryApiUrl ?? '',
    summaryApiModel: view.summaryApiModel ?? '',
    summaryTimeoutSeconds: String(view.summaryTimeoutSeconds),
    summaryApiStream: view.summaryApiStream,
    newSummaryApiKey: '',
    clearSummaryApiKey: false,
  };
}

type SummaryInput = Pick<
  SettingsInput,
  | 'summaryBackend'
  | 'summaryApiUrl'
  | 'summaryApiModel'
  | 'summaryTimeoutSeconds'
  | 'summaryApiStream'
  | 'newSummaryApiKey'
  | 'clearSummaryApiKey'
>;

/** The summary fields of a save: the key only when a new one was typed, or a request to remove it. */
export function summaryInput(draft: SummaryDraft): SummaryInput {
  const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
  const url = optional(draft.summaryApiUrl);
  const model = optional(draft.summaryApiModel);
  const key = draft.clearSummaryApiKey ? undefined : optional(draft.newSummaryApiKey);
  return {
    summaryBackend: draft.summaryBackend,
    summaryTimeoutSeconds: Number(draft.summaryTimeoutSeconds),
    summaryApiStream: draft.summaryApiStream,
    clearSummaryApiKey: draft.clearSummaryApiKey,
    ...(url === undefined ? {} : { summaryApiUrl: url }),
    ...(model === undefined ? {} : { summaryApiModel: model }),
    ...(key === undefined ? {} : { newSummaryApiKey: key }),
  };
}

/**
 * What the schema cannot say: choosing the chat API needs its URL and model (without them the
 * worker would quietly write extractive summaries).
 */
export function summaryIssues(draft: SummaryDraft): FieldIssues {
  if (draft.summaryBackend !== 'openai-compatible') return {};
  const issues: FieldIssues = {};
  if (draft.summaryApiUrl.trim() === '')
    issues['summaryApiUrl'] = 'Enter the chat API URL, such as http://127.0.0.1:11434/v1.';
  if (draft.summaryApiModel.trim() === '') issues['summaryApiModel'] = 'Enter the model name the API serves.';
  return issues;
}
