import { z } from 'zod';

import type { LocalChatServer } from '../../contract/local-chat-servers.js';

/** Where each server listens by default; tests point at their own ports. */
export interface LocalChatServerPorts {
  ollama: number;
  lmStudio: number;
}

export const defaultLocalChatServerPorts: LocalChatServerPorts = { ollama: 11434, lmStudio: 1234 };

/**
 * The ports to look at on this computer: Ollama's is moved by its own OLLAMA_HOST ("127.0.0.1:11500",
 * "http://0.0.0.0:11500", ":11500"), which its server and its command line both read, so a person who
 * moved Ollama is still offered it. Only the port is taken: the search stays on this computer's loopback.
 * LM Studio has no such variable (its port is set in the app).
 */
export function localChatServerPorts(env: NodeJS.ProcessEnv = process.env): LocalChatServerPorts {
  const port = /:(\d{1,5})\/?$/.exec(env['OLLAMA_HOST']?.trim() ?? '')?.[1];
  const ollama = port === undefined ? Number.NaN : Number(port);
  return {
    ...defaultLocalChatServerPorts,
    ...(ollama >= 1 && ollama <= 65535 ? { ollama } : {}),
  };
}

// Ollama's own API: GET /api/tags → {models:[{name, model, …}]}. LM Studio (and any OpenAI-compatible
// server): GET /v1/models → {object:'list', data:[{id, …}]}.
const ollamaTagsSchema = z.object({ models: z.array(z.object({ name: z.string() })) });
const openAiModelsSchema = z.object({ data: z.array(z.object({ id: z.string() })) });

/** The JSON at `url`, or null when nothing answers there in time or it is not a JSON 200. */
async function getJson(url: string, timeoutMs: number): Promise<unknown> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) {
      await response.body?.cancel();
      return null;
    }
    return await response.json();
  } catch {
    return null;
  }
}

async function findOllama(port: number, timeoutMs: number): Promise<LocalChatServer | null> {
  const tags = ollamaTagsSchema.safeParse(await getJson(`http://127.0.0.1:${port}/api/tags`, timeoutMs));
  if (!tags.success) return null;
  return { kind: 'ollama', baseUrl: `http://127.0.0.1:${port}/v1`, models: tags.data.models.map((m) => m.name) };
}

async function findLmStudio(port: number, timeoutMs: number): Promise<LocalChatServer | null> {
  const models = openAiModelsSchema.safeParse(await getJson(`http://127.0.0.1:${port}/v1/models`, timeoutMs));
  if (!models.success) return null;
  return { kind: 'lm-studio', baseUrl: `http://127.0.0.1:${port}/v1`, models: models.data.data.map((m) => m.id) };
}

/**
 * Looks for Ollama and LM Studio on this computer's loopback, each on its default port, both at once.
 * Only what answers with its API's own shape counts, so another program on the port is not offered.
 */
export async function findLocalChatServers(
  ports: LocalChatServerPorts = defaultLocalChatServerPorts,
  timeoutMs = 1000,
): Promise<LocalChatServer[]> {
  const found = await Promise.all([findOllama(ports.ollama, timeoutMs), findLmStudio(ports.lmStudio, timeoutMs)]);
  return found.filter((server) => server !== null);
}
