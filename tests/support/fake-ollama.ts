/**
 * Ollama cannot run on the test machines, so its place is taken by a server following Ollama's documented
 * GET /api/tags (https://github.com/ollama/ollama/blob/main/docs/api.md#list-local-models):
 *   200 {models:[{name, model, modified_at, size, digest, details:{format, family, parameter_size,
 *   quantization_level}}]}
 * and 404 "404 page not found" for anything else, as Ollama answers. Only the model list is followed: what
 * the settings offer reads. It listens on an ephemeral loopback port standing for Ollama's 11434.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOllama {
  port: number;
  close(): Promise<void>;
}

function tag(name: string) {
  return {
    name,
    model: name,
    modified_at: '2026-11-30T10:00:00Z',
    size: 1321098329,
    digest: 'baf6a787fdffd633537aa2eb51cfd54cb93ff08e28040095462bb63daf552878',
    details: { format: 'gguf', family: 'llama', parameter_size: '1.2B', quantization_level: 'Q8_0' },
  };
}

export async function startFakeOllama(models: readonly string[]): Promise<FakeOllama> {
  const server = createServer((request, response) => {
    if (request.method === 'GET' && request.url === '/api/tags') {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ models: models.map(tag) }));
      return;
    }
    response.writeHead(404).end('404 page not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
