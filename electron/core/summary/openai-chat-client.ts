import { z } from 'zod';

import { CancelledError } from '../errors.js';

import { SummaryBackendError } from './summary-backend.js';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatEndpoint {
  /** Base URL ending in the API version, e.g. http://127.0.0.1:11434/v1; `/chat/completions` is appended. */
  baseUrl: string;
  model: string;
  apiKey?: string | undefined;
  timeoutMs: number;
  /** Read the answer as server-sent events rather than one JSON body. */
  stream: boolean;
}

const completionSchema = z.object({
  choices: z.array(z.object({ message: z.object({ content: z.string().nullable() }) })).min(1),
});
const chunkSchema = z.object({
  choices: z.array(z.object({ delta: z.object({ content: z.string().nullish() }).optional() })),
});

/** Statuses that another try may fix: the server was busy, overloaded or briefly broken. */
function isTransient(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function requestBody(endpoint: ChatEndpoint, messages: readonly ChatMessage[]): string {
  return JSON.stringify({
    model: endpoint.model,
    messages,
    temperature: 0.2,
    response_format: { type: 'json_object' },
    stream: endpoint.stream,
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Joins the `delta.content` pieces of an SSE stream (`data: {…}` lines, ended by `data: [DONE]`). */
export async function readEventStream(body: ReadableStream<Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let buffered = '';
  let content = '';
  for await (const bytes of body) {
    buffered += decoder.decode(bytes, { stream: true });
    const lines = buffered.split(/\r?\n/);
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      if (!line.startsWith('data:')) continue;
      const data = line.slice('data:'.length).trim();
      if (data === '[DONE]') return content;
      const chunk = chunkSchema.safeParse(parseJson(data));
      if (!chunk.success)
        throw new SummaryBackendError('The summary API sent a stream chunk of an unknown shape', true);
      content += chunk.data.choices[0]?.delta?.content ?? '';
    }
  }
  return content;
}

async function readAnswer(response: Response, endpoint: ChatEndpoint): Promise<string> {
  if (endpoint.stream && response.body !== null) return readEventStream(response.body);
  const parsed = completionSchema.safeParse(parseJson(await response.text()));
  if (!parsed.success) throw new SummaryBackendError('The summary API answered in an unknown shape', true);
  return parsed.data.choices[0]?.message.content ?? '';
}

function failure(error: unknown, endpoint: ChatEndpoint, timeout: AbortSignal, signal: AbortSignal): Error {
  if (signal.aborted) return new CancelledError('Summarising was cancelled', { cause: error });
  if (error instanceof SummaryBackendError) return error;
  if (timeout.aborted) {
    return new SummaryBackendError(`The summary API did not answer within ${endpoint.timeoutMs / 1000} s`, true, {
      cause: error,
    });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new SummaryBackendError(`The summary API could not be reached (${reason})`, true, { cause: error });
}

/**
 * One chat completion from an OpenAI-compatible server (OpenAI, Ollama, LM Studio, llama.cpp
 * server…), in JSON mode, returning the assistant's text. Errors say whether a retry may help; the
 * time limit covers the whole answer, streamed or not.
 */
export async function completeChat(
  endpoint: ChatEndpoint,
  messages: readonly ChatMessage[],
  signal: AbortSignal,
): Promise<string> {
  const timeout = AbortSignal.timeout(endpoint.timeoutMs);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (endpoint.apiKey !== undefined) headers['authorization'] = `Bearer ${endpoint.apiKey}`;
  try {
    const response = await fetch(`${endpoint.baseUrl.replace(/\/+$/, '')}/chat/completions`, {
      method: 'POST',
      headers,
      body: requestBody(endpoint, messages),
      signal: AbortSignal.any([signal, timeout]),
    });
    if (!response.ok) {
      await response.body?.cancel();
      throw new SummaryBackendError(
        `The summary API answered ${response.status} ${response.statusText}`.trim(),
        isTransient(response.status),
      );
    }
    return await readAnswer(response, endpoint);
  } catch (error) {
    throw failure(error, endpoint, timeout, signal);
  }
}
