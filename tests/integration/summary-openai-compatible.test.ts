import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { meetingResultSchema, type MeetingResult } from '../../electron/contract/meeting-result.js';
import { CancelledError } from '../../electron/core/errors.js';
import { createLogger, type LogLine } from '../../electron/core/log/logger.js';
import { contentWordFilter } from '../../electron/core/summary/content-words.js';
import { citationSupport, minimumSupport } from '../../electron/core/summary/grounding.js';
import {
  summarizeMeeting,
  summaryBackendChain,
  type SummaryConfig,
} from '../../electron/core/summary/summarize-meeting.js';
import { repoDir } from '../support/shared-data.js';

/*
 * A stand-in for a remote chat service (OpenAI, Ollama, LM Studio, llama.cpp server), which cannot
 * run here. Its contract, as those servers implement it:
 *   POST <base>/chat/completions, JSON body {model, messages:[{role, content}], response_format:
 *   {type:'json_object'}, stream, temperature}, header `authorization: Bearer <key>` when a key is set.
 *   stream=false → 200 {id, object:'chat.completion', choices:[{index, message:{role:'assistant',
 *   content}, finish_reason:'stop'}]}.
 *   stream=true → 200 text/event-stream, lines `data: {choices:[{index, delta:{content}}]}`, then
 *   `data: [DONE]`.
 *   Errors: a status ≥ 400 with {error:{message}}.
 * The "model" answers by quoting the transcript lines it was sent (`[id] speaker (mm:ss): text`), so
 * its citations are real, plus items the test scripts in (invented or unsupported citations).
 */
type Behaviour =
  { kind: 'answer'; extraItems?: unknown[]; content?: string; delayMs?: number } | { kind: 'status'; status: number };

interface ReceivedRequest {
  url: string;
  headers: IncomingMessage['headers'];
  body: {
    model: string;
    messages: { role: string; content: string }[];
    response_format: { type: string };
    stream: boolean;
  };
}

const transcript = meetingResultSchema.parse(
  JSON.parse(readFileSync(path.join(repoDir, 'tests/fixtures/transcripts/spokenwoz_MUL1011.json'), 'utf8')),
);

function segmentSaying(words: string): number {
  return transcript.segments.findIndex((segment) => segment.text.includes(words));
}

function transcriptLines(userMessage: string): { id: number; text: string }[] {
  return [...userMessage.matchAll(/^\[(\d+)\] [^(]*\([\d:]+\): (.*)$/gm)].map((match) => ({
    id: Number(match[1]),
    text: match[2] ?? '',
  }));
}

function modelAnswer(request: ReceivedRequest, extraItems: unknown[]): string {
  const user = request.body.messages.find((message) => message.role === 'user')?.content ?? '';
  if (!user.includes('Transcript:')) return JSON.stringify({ overview: 'The caller and the agent settle a booking.' });
  const lines = transcriptLines(user).filter((line) => line.text.split(' ').length >= 5);
  const items = lines.slice(0, 3).map((line) => ({ kind: 'key_point', text: line.text, segments: [line.id] }));
  return JSON.stringify({
    overview: `A call about a booking: ${lines[0]?.text ?? ''}`,
    items: [...items, ...extraItems],
  });
}

function sendStream(response: ServerResponse, content: string): void {
  response.writeHead(200, { 'content-type': 'text/event-stream' });
  // Pieces cut mid-token, as real servers do, to check the client reassembles them.
  for (let at = 0; at < content.length; at += 7) {
    const chunk = { choices: [{ index: 0, delta: { content: content.slice(at, at + 7) } }] };
    response.write(`data: ${JSON.stringify(chunk)}\n\n`);
  }
  response.end('data: [DONE]\n\n');
}

function respond(request: ReceivedRequest, behaviour: Behaviour, response: ServerResponse): void {
  if (behaviour.kind === 'status') {
    response.writeHead(behaviour.status, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: { message: 'scripted failure' } }));
    return;
  }
  const content = behaviour.content ?? modelAnswer(request, behaviour.extraItems ?? []);
  if (request.body.stream) {
    sendStream(response, content);
    return;
  }
  response.writeHead(200, { 'content-type': 'application/json' });
  response.end(
    JSON.stringify({
      id: 'chatcmpl-1',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    }),
  );
}

let server: Server;
let baseUrl = '';
let script: Behaviour[] = [];
let received: ReceivedRequest[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')));
    request.on('end', () => {
      const entry: ReceivedRequest = {
        url: request.url ?? '',
        headers: request.headers,
        body: JSON.parse(raw) as ReceivedRequest['body'],
      };
      received.push(entry);
      const behaviour = script.shift() ?? { kind: 'answer' };
      const delayMs = behaviour.kind === 'answer' ? (behaviour.delayMs ?? 0) : 0;
      const timer = setTimeout(() => respond(entry, behaviour, response), delayMs);
      response.on('close', () => clearTimeout(timer));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  script = [];
  received = [];
});

const apiKey = 'sk-test-summary-key-0123456789';
const lines: LogLine[] = [];
const log = createLogger({ level: 'debug', console: false, secrets: [apiKey], onLine: (line) => lines.push(line) });

function config(overrides: Partial<NonNullable<SummaryConfig['chat']>> = {}, windowSec = 600): SummaryConfig {
  return {
    backend: 'openai-compatible',
    chat: { baseUrl, model: 'test-model', apiKey, timeoutMs: 2000, stream: false, ...overrides },
    windowSec,
    attempts: 3,
    minRetryDelayMs: 10,
  };
}

async function summarize(
  summaryConfig: SummaryConfig,
  meeting: MeetingResult = transcript,
  signal = new AbortController().signal,
) {
  const progress: number[] = [];
  const summary = await summarizeMeeting(meeting, summaryBackendChain(summaryConfig, log), {
    signal,
    log,
    windowSec: summaryConfig.windowSec,
    onProgress: (fraction) => progress.push(fraction),
  });
  return { summary, progress };
}

function expectGrounded(summary: { items: { text: string; segments: number[] }[] }): void {
  const filter = contentWordFilter(transcript.language);
  for (const item of summary.items) {
    expect(citationSupport(item.text, item.segments, transcript.segments, filter)).toBeGreaterThanOrEqual(
      minimumSupport,
    );
  }
}

describe('the OpenAI-compatible summary backend', () => {
  it('sends a JSON-mode chat request with the model, the key and the numbered transcript', async () => {
    const { summary } = await summarize(config());
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.url).toBe('/v1/chat/completions');
    expect(request?.headers['authorization']).toBe(`Bearer ${apiKey}`);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.body).toMatchObject({
      model: 'test-model',
      response_format: { type: 'json_object' },
      stream: false,
    });
    expect(request?.body.messages.map((message) => message.role)).toEqual(['system', 'user']);
    const user = request?.body.messages[1]?.content ?? '';
    expect(user).toContain(`Language: ${transcript.language}.`);
    for (const index of transcript.segments.keys()) expect(user).toContain(`[${index}] `);
    for (const segment of transcript.segments) expect(user).toContain(segment.text.trim());
    expect(summary?.backend).toBe('openai-compatible:test-model');
    expect(summary?.items.length).toBeGreaterThan(0);
    expectGrounded(summary ?? { items: [] });
  });

  it('drops items whose citations do not exist or do not say what the item says', async () => {
    // Diarization cut this question in two segments at a speaker change; citing both supports it.
    const exactTime = segmentSaying('what about the exact');
    script = [
      {
        kind: 'answer',
        extraItems: [
          { kind: 'decision', text: 'The customer booked a table for eight people', segments: [999] },
          {
            kind: 'action_item',
            text: 'Send the invoice to the finance department',
            segments: [0],
            owner: 'S1',
            due: 'Friday',
          },
          { kind: 'question', text: 'What about the exact time?', segments: [exactTime, exactTime + 1] },
          { kind: 'bogus-kind', text: 'not an item', segments: [1] },
        ],
      },
    ];
    const { summary } = await summarize(config());
    const texts = summary?.items.map((item) => item.text) ?? [];
    expect(texts).toContain('What about the exact time?');
    expect(texts).not.toContain('The customer booked a table for eight people');
    expect(texts).not.toContain('Send the invoice to the finance department');
    expect(texts).not.toContain('not an item');
    expect(lines.some((line) => line.message.includes('dropped summary items'))).toBe(true);
  });

  it('reads a streamed (server-sent events) answer the same way', async () => {
    const plain = (await summarize(config())).summary;
    const streamed = await summarize(config({ stream: true }));
    expect(received[1]?.body.stream).toBe(true);
    expect(streamed.summary).toEqual(plain);
  });

  it('retries a 500 and a malformed answer, then uses the answer that came', async () => {
    script = [
      { kind: 'status', status: 500 },
      { kind: 'answer', content: '{"overview": "cut off' },
      { kind: 'answer' },
    ];
    const { summary } = await summarize(config());
    expect(received).toHaveLength(3);
    expect(summary?.backend).toBe('openai-compatible:test-model');
  });

  it('gives up on a server that does not answer in time and falls back to the extractive summary', async () => {
    script = [
      { kind: 'answer', delayMs: 1500 },
      { kind: 'answer', delayMs: 1500 },
      { kind: 'answer', delayMs: 1500 },
    ];
    const started = performance.now();
    const { summary } = await summarize(config({ timeoutMs: 300 }));
    expect(received).toHaveLength(3);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(summary?.backend).toBe('extractive');
    expect(summary?.items.length).toBeGreaterThan(0);
    expectGrounded(summary ?? { items: [] });
    expect(lines.some((line) => line.message.includes('summary backend failed; trying the next one'))).toBe(true);
  });

  it('does not retry a refused key, and never logs the key', async () => {
    script = [{ kind: 'status', status: 401 }];
    const { summary } = await summarize(config());
    expect(received).toHaveLength(1);
    expect(summary?.backend).toBe('extractive');
    expect(lines.every((line) => !line.message.includes(apiKey))).toBe(true);
  });

  it('falls back when every answer is malformed JSON', async () => {
    script = [
      { kind: 'answer', content: 'Sure! Here is the summary: overview...' },
      { kind: 'answer', content: '{"items": []}' },
      { kind: 'answer', content: '{"overview": ' },
    ];
    const { summary } = await summarize(config());
    expect(received).toHaveLength(3);
    expect(summary?.backend).toBe('extractive');
  });

  it('summarises a long meeting window by window and merges the overviews with one more request', async () => {
    const { summary, progress } = await summarize(config({}, 60));
    const windows = received.filter((request) => request.body.messages[1]?.content.includes('Transcript:'));
    expect(windows.length).toBeGreaterThanOrEqual(2);
    expect(received).toHaveLength(windows.length + 1);
    expect(windows[0]?.body.messages[1]?.content).toContain(`part 1 of ${windows.length}`);
    expect(summary?.overview).toBe('The caller and the agent settle a booking.');
    expect(progress.at(-1)).toBe(1);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
  });

  it('stops at once when the meeting is cancelled instead of falling back', async () => {
    script = [{ kind: 'answer', delayMs: 1500 }];
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    await expect(summarize(config(), transcript, controller.signal)).rejects.toBeInstanceOf(CancelledError);
  });
});
