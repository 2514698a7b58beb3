import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { InferenceDevice } from '../../electron/core/models/inference-device.js';
import { findLocalChatServers } from '../../electron/core/summary/local-chat-servers.js';
import { readSystemInfo } from '../../electron/core/system-info.js';
import { startFakeOllama, type FakeOllama } from '../support/fake-ollama.js';
import { smolLm2Path, startLlamaChatServer, type LlamaChatServer } from '../support/llama-chat-server.js';

/*
 * LM Studio's place is taken by a real OpenAI-compatible server (llama.cpp running SmolLM2, see
 * tests/support/llama-chat-server.ts): GET /v1/models as LM Studio answers it. Ollama's by a server
 * following its documented GET /api/tags (tests/support/fake-ollama.ts). Each listens on an ephemeral
 * port standing for its default one (Ollama 11434, LM Studio 1234).
 */
async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

// Some other program on a chat server's port: a web page, not that API.
const otherProgram = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>');
});

let lmStudio: LlamaChatServer;
let ollama: FakeOllama;
let ports: { ollama: number; lmStudio: number; other: number; nothing: number };

beforeAll(async () => {
  lmStudio = await startLlamaChatServer({ modelPath: smolLm2Path(), contextSize: 512 });
  ollama = await startFakeOllama(['llama3.2:1b']);
  const nobody = createServer();
  const nothing = await listen(nobody);
  await new Promise<void>((resolve) => nobody.close(() => resolve()));
  ports = {
    ollama: ollama.port,
    lmStudio: Number(new URL(lmStudio.baseUrl).port),
    other: await listen(otherProgram),
    nothing,
  };
});

afterAll(async () => {
  await ollama.close();
  otherProgram.close();
  await lmStudio.close();
});

describe('local chat servers on their default ports', () => {
  it('finds Ollama by /api/tags and LM Studio by /v1/models, with their models and chat API address', async () => {
    expect(await findLocalChatServers({ ollama: ports.ollama, lmStudio: ports.lmStudio })).toEqual([
      { kind: 'ollama', baseUrl: `http://127.0.0.1:${ports.ollama}/v1`, models: ['llama3.2:1b'] },
      { kind: 'lm-studio', baseUrl: lmStudio.baseUrl, models: ['SmolLM2-135M-Instruct.Q4_1'] },
    ]);
  });

  it('offers nothing where no server listens or another program answers', async () => {
    expect(await findLocalChatServers({ ollama: ports.nothing, lmStudio: ports.other })).toEqual([]);
    expect(await findLocalChatServers({ ollama: ports.other, lmStudio: ports.ollama })).toEqual([]);
  });

  it('reaches the settings through what the worker reports about this machine', async () => {
    const cpu: InferenceDevice = {
      device: 'cpu',
      deviceIndex: null,
      threads: 1,
      sessionOptions: {},
      transcribeBatchSize: 1,
      reason: 'test',
    };
    const info = await readSystemInfo(cpu, { id: 'Xenova/whisper-tiny', reason: 'test' }, [], {
      ollama: ports.ollama,
      lmStudio: ports.nothing,
    });
    expect(info.localChatServers).toEqual([
      { kind: 'ollama', baseUrl: `http://127.0.0.1:${ports.ollama}/v1`, models: ['llama3.2:1b'] },
    ]);
  });
});
