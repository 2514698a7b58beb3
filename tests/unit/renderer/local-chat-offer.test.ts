import { describe, expect, it } from 'vitest';

import { describeLocalChatServer, localChatServerChoice } from '../../../renderer/views/settings/local-chat-offer.js';

describe('a chat model server found on this computer, as the settings offer it', () => {
  const ollama = {
    kind: 'ollama' as const,
    baseUrl: 'http://127.0.0.1:11434/v1',
    models: ['llama3.2:1b', 'qwen2.5:3b'],
  };

  it('names the server and its models in words', () => {
    expect(describeLocalChatServer(ollama)).toBe('Ollama, with llama3.2:1b, qwen2.5:3b');
    expect(describeLocalChatServer({ kind: 'lm-studio', baseUrl: 'http://127.0.0.1:1234/v1', models: [] })).toBe(
      'LM Studio, with no model yet (download or load one in LM Studio first)',
    );
  });

  it('fills in the chat backend, its address and its first model when chosen', () => {
    expect(localChatServerChoice(ollama)).toEqual({
      summaryBackend: 'openai-compatible',
      summaryApiUrl: 'http://127.0.0.1:11434/v1',
      summaryApiModel: 'llama3.2:1b',
    });
  });
});
