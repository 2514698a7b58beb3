import { describe, expect, it } from 'vitest';

import { localChatServerPorts } from '../../../../electron/core/summary/local-chat-servers.js';

describe('where the settings look for a local chat server', () => {
  it('uses the default ports unless OLLAMA_HOST moves Ollama', () => {
    expect(localChatServerPorts({})).toEqual({ ollama: 11434, lmStudio: 1234 });
    expect(localChatServerPorts({ OLLAMA_HOST: '0.0.0.0' })).toEqual({ ollama: 11434, lmStudio: 1234 });
  });

  it('takes the port from OLLAMA_HOST in each form Ollama accepts', () => {
    for (const host of ['127.0.0.1:11500', 'http://0.0.0.0:11500', ':11500', 'http://localhost:11500/'])
      expect(localChatServerPorts({ OLLAMA_HOST: host }).ollama, host).toBe(11500);
  });

  it('ignores a port that cannot be one', () => {
    expect(localChatServerPorts({ OLLAMA_HOST: '127.0.0.1:99999' }).ollama).toBe(11434);
    expect(localChatServerPorts({ OLLAMA_HOST: '127.0.0.1:0' }).ollama).toBe(11434);
  });
});
