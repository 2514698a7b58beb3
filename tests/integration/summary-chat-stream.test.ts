import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { CancelledError } from '../../electron/core/errors.js';
import { completeChat, type ChatEndpoint } from '../../electron/core/summary/openai-chat-client.js';
import { SummaryBackendError } from '../../electron/core/summary/summary-backend.js';

/*
 * The streamed answer of an OpenAI-compatible server (`stream: true`: text/event-stream, lines
 * `data: {"choices":[{"delta":{"content":…}}]}`, ended by `data: [DONE]`) going wrong half-way, as a
 * local model that hangs or a proxy that cuts the connection would. Served from 127.0.0.1.
 */
type StreamScript = 'complete' | 'stall' | 'garbage' | 'no-done';

let server: Server;
let endpoint: ChatEndpoint;
let script: StreamScript = 'complete';

const chunk = (content: string) => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content } }] })}\n\n`;

beforeAll(async () => {
  server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chunk('{"overview": "Half'));
      // A stalled stream stays open until the client gives up (or the server closes at the end).
      if (script === 'stall') return;
      if (script === 'garbage') response.write('data: {"unexpected": true}\n\n');
      response.write(chunk(' an answer"}'));
      response.end(script === 'no-done' ? '' : 'data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  endpoint = { baseUrl, model: 'stream-model', timeoutMs: 400, stream: true };
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const ask = (signal = new AbortController().signal) =>
  completeChat(endpoint, [{ role: 'user', content: 'Summarise.' }], signal);

describe('reading a streamed chat answer', () => {
  it('joins the pieces, and takes the end of the connection as the end of the answer', async () => {
    script = 'complete';
    expect(await ask()).toBe('{"overview": "Half an answer"}');
    script = 'no-done';
    expect(await ask()).toBe('{"overview": "Half an answer"}');
  });

  it('times out a stream that stops half-way, as a retryable failure', async () => {
    script = 'stall';
    const started = performance.now();
    const failure = await ask().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(SummaryBackendError);
    expect((failure as SummaryBackendError).retryable).toBe(true);
    expect((failure as Error).message).toMatch(/did not answer within 0\.4 s/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a chunk of an unknown shape', async () => {
    script = 'garbage';
    await expect(ask()).rejects.toThrow(/stream chunk of an unknown shape/);
  });

  it('stops at once, as a cancellation, when the meeting is cancelled mid-stream', async () => {
    script = 'stall';
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(ask(controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});
