import type { LocalChatServer } from '../../../electron/contract/local-chat-servers.js';

import type { SummaryDraft } from './summary-draft.js';

const serverNames: Record<LocalChatServer['kind'], string> = { ollama: 'Ollama', 'lm-studio': 'LM Studio' };

/** One line per server the worker found running here, in words: "Ollama, with llama3.2:1b and qwen2.5:3b". */
export function describeLocalChatServer(server: LocalChatServer): string {
  const name = serverNames[server.kind];
  if (server.models.length === 0) return `${name}, with no model yet (download or load one in ${name} first)`;
  return `${name}, with ${server.models.join(', ')}`;
}

/**
 * What "Use it" puts in the form: that server's chat API and its first model. Only the form changes; the
 * worker uses the server once the person saves, never on its own.
 */
export function localChatServerChoice(server: LocalChatServer): Partial<SummaryDraft> {
  return {
    summaryBackend: 'openai-compatible',
    summaryApiUrl: server.baseUrl,
    summaryApiModel: server.models[0] ?? '',
  };
}
