/*
 * A local OpenAI-compatible chat server running a real GGUF model with node-llama-cpp (llama.cpp's
 * prebuilt CPU binaries), for the chat summary backend's integration test and bench. It speaks the
 * part of OpenAI's contract that llama.cpp's own server, Ollama and LM Studio speak:
 *   GET  /v1/models → {object:'list', data:[{id, object:'model', created, owned_by}]}
 *   POST /v1/chat/completions {model, messages:[{role, content}], temperature?, max_tokens? |
 *     max_completion_tokens?, seed?, stream?, response_format?: {type:'text'|'json_object'} |
 *     {type:'json_schema', json_schema:{schema}}}
 *     stream=false → {id, object:'chat.completion', created, model, choices:[{index:0, message:
 *       {role:'assistant', content}, finish_reason:'stop'|'length'}], usage:{prompt_tokens,
 *       completion_tokens, total_tokens}}
 *     stream=true → text/event-stream of `data: {object:'chat.completion.chunk', choices:[{index:0,
 *       delta:{content}, finish_reason}]}` lines, then `data: [DONE]`.
 *   Errors: status 400/404/500 with {error:{message, type, code}}.
 * JSON modes are enforced with a grammar, as llama.cpp's server does. Requests run one at a time on one
 * context sequence; generation stops at max_tokens, else at `defaultMaxTokens` (llama.cpp's n_predict).
 * usage counts the tokens evaluated: a prompt prefix kept from the previous request is not counted again.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import {
  getLlama,
  LlamaChat,
  type ChatHistoryItem,
  type Llama,
  type LlamaContext,
  type LlamaGrammar,
  type LlamaModel,
} from 'node-llama-cpp';
import { z } from 'zod';

export interface LlamaChatServerOptions {
  modelPath: string;
  /** The id clients ask for; defaults to the file name without `.gguf`. */
  modelId?: string;
  port?: number;
  /** CPU threads; 1 keeps llama.cpp from spinning on cores other processes are using. */
  threads?: number;
  contextSize?: number;
  defaultMaxTokens?: number;
  /** Sampling seed when a request names none: fixed, so a test sees the same answer every run. */
  seed?: number;
}

export interface LlamaChatServer {
  /** Base URL ending in `/v1`, as OpenAI clients take it. */
  baseUrl: string;
  modelId: string;
  close(): Promise<void>;
}

const contentSchema = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().optional() })).transform((parts) =>
    parts
      .filter((part) => part.type === 'text')
      .map((part) => part.text ?? '')
      .join(''),
  ),
]);
const requestSchema = z.object({
  model: z.string(),
  messages: z
    .array(z.object({ role: z.enum(['system', 'developer', 'user', 'assistant']), content: contentSchema }))
    .min(1),
  temperature: z.number().min(0).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  seed: z.number().int().optional(),
  stream: z.boolean().optional(),
  response_format: z
    .discriminatedUnion('type', [
      z.object({ type: z.literal('text') }),
      z.object({ type: z.literal('json_object') }),
      z.object({
        type: z.literal('json_schema'),
        json_schema: z.object({ schema: z.record(z.string(), z.unknown()) }),
      }),
    ])
    .optional(),
});
type ChatRequest = z.infer<typeof requestSchema>;

class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

function history(messages: ChatRequest['messages']): ChatHistoryItem[] {
  const items = messages.map((message): ChatHistoryItem => {
    if (message.role === 'assistant') return { type: 'model', response: [message.content] };
    if (message.role === 'user') return { type: 'user', text: message.content };
    return { type: 'system', text: message.content };
  });
  // The model's turn to be written.
  return [...items, { type: 'model', response: [] }];
}

async function grammarFor(llama: Llama, format: ChatRequest['response_format']): Promise<LlamaGrammar | undefined> {
  if (format === undefined || format.type === 'text') return undefined;
  if (format.type === 'json_object') return llama.getGrammarFor('json');
  try {
    // The schema's shape is checked by the grammar builder, which throws on what it cannot express.
    return await llama.createGrammarForJsonSchema(format.json_schema.schema as never);
  } catch (error) {
    throw new RequestError(
      400,
      `response_format.json_schema is not supported: ${(error as Error).message}`,
      'invalid_schema',
    );
  }
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new RequestError(400, 'The request body is not JSON', 'invalid_json');
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

interface Engine {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  chat: LlamaChat;
  modelId: string;
  defaultMaxTokens: number;
  seed: number;
}

async function complete(engine: Engine, request: ChatRequest, response: ServerResponse): Promise<void> {
  const id = `chatcmpl-${randomUUID()}`;
  const created = Math.floor(Date.now() / 1000);
  const chunk = (delta: object, finishReason: string | null) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model: engine.modelId, choices: [{ index: 0, delta, finish_reason: finishReason }] })}\n\n`;
  const grammar = await grammarFor(engine.llama, request.response_format);
  const meter = engine.chat.sequence.tokenMeter.getState();
  if (request.stream === true) {
    response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    response.write(chunk({ role: 'assistant', content: '' }, null));
  }
  const abort = new AbortController();
  response.on('close', () => abort.abort());
  const answer = await engine.chat.generateResponse(history(request.messages), {
    maxTokens: request.max_completion_tokens ?? request.max_tokens ?? engine.defaultMaxTokens,
    // llama.cpp server's sampling defaults, so a model behaves here as it would there.
    temperature: request.temperature ?? 0.8,
    topK: 40,
    topP: 0.95,
    minP: 0.05,
    repeatPenalty: { lastTokens: 64, penalty: 1.1 },
    seed: request.seed ?? engine.seed,
    ...(grammar === undefined ? {} : { grammar }),
    signal: abort.signal,
    stopOnAbortSignal: true,
    ...(request.stream === true
      ? { onTextChunk: (text: string) => void response.write(chunk({ content: text }, null)) }
      : {}),
  });
  const finishReason = answer.metadata.stopReason === 'maxTokens' ? 'length' : 'stop';
  if (request.stream === true) {
    response.end(`${chunk({}, finishReason)}data: [DONE]\n\n`);
    return;
  }
  const used = engine.chat.sequence.tokenMeter.diff(meter);
  sendJson(response, 200, {
    id,
    object: 'chat.completion',
    created,
    model: engine.modelId,
    choices: [{ index: 0, message: { role: 'assistant', content: answer.response }, finish_reason: finishReason }],
    usage: {
      prompt_tokens: used.usedInputTokens,
      completion_tokens: used.usedOutputTokens,
      total_tokens: used.usedInputTokens + used.usedOutputTokens,
    },
  });
}

async function route(engine: Engine, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (request.method === 'GET' && url.pathname === '/v1/models') {
    sendJson(response, 200, {
      object: 'list',
      data: [{ id: engine.modelId, object: 'model', created: 0, owned_by: 'local' }],
    });
    return;
  }
  if (request.method !== 'POST' || url.pathname !== '/v1/chat/completions') {
    throw new RequestError(404, `No route ${request.method ?? ''} ${url.pathname}`, 'not_found');
  }
  const parsed = requestSchema.safeParse(await readJson(request));
  if (!parsed.success) throw new RequestError(400, `Invalid request: ${parsed.error.message}`, 'invalid_request');
  if (parsed.data.model !== engine.modelId) {
    throw new RequestError(404, `The model '${parsed.data.model}' does not exist`, 'model_not_found');
  }
  await complete(engine, parsed.data, response);
}

/** Loads the model once and serves it on 127.0.0.1 (an ephemeral port unless one is given). */
export async function startLlamaChatServer(options: LlamaChatServerOptions): Promise<LlamaChatServer> {
  const llama = await getLlama({ gpu: false, build: 'never' });
  const model = await llama.loadModel({ modelPath: options.modelPath });
  const context = await model.createContext({
    contextSize: options.contextSize ?? 8192,
    threads: options.threads ?? 1,
  });
  const engine: Engine = {
    llama,
    model,
    context,
    chat: new LlamaChat({ contextSequence: context.getSequence() }),
    modelId: options.modelId ?? path.basename(options.modelPath).replace(/\.gguf$/i, ''),
    defaultMaxTokens: options.defaultMaxTokens ?? 1024,
    seed: options.seed ?? 42,
  };
  // One sequence, one request at a time: later requests wait their turn, as llama.cpp's server queues them.
  let turn: Promise<void> = Promise.resolve();
  const server: Server = createServer((request, response) => {
    turn = turn.then(() =>
      route(engine, request, response).catch((error: unknown) => {
        const failure =
          error instanceof RequestError ? error : new RequestError(500, (error as Error).message, 'server_error');
        if (response.headersSent) response.end();
        else
          sendJson(response, failure.status, {
            error: { message: failure.message, type: 'invalid_request_error', code: failure.code },
          });
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    modelId: engine.modelId,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      engine.chat.dispose();
      await context.dispose();
      await model.dispose();
      await llama.dispose();
    },
  };
}

/** Where tools/llm/fetch-smollm2.sh puts SmolLM2-135M-Instruct; fails with the command to run when it is missing. */
export function smolLm2Path(): string {
  const dir = process.env['PCW_TEST_MODELS_DIR'] ?? path.join(os.homedir(), '.cache/pc-worker/test-models');
  const file = path.join(dir, 'SmolLM2-135M-Instruct.Q4_1.gguf');
  if (!existsSync(file)) {
    throw new Error(`The test chat model is missing at ${file}: fetch it with  bash tools/llm/fetch-smollm2.sh`);
  }
  return file;
}
