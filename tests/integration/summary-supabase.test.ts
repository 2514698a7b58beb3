import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { summaryItemSchema, type Segment } from '../../electron/contract/meeting-result.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { contentWordFilter } from '../../electron/core/summary/content-words.js';
import { citationSupport, minimumSupport } from '../../electron/core/summary/grounding.js';
import { createWorkerRuntime, type WorkerRuntime } from '../../electron/core/worker-runtime.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sampleRecording } from '../support/shared-data.js';
import { supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

/*
 * The summary as the web app reads it: in `meeting_summaries` of the Supabase-compatible stack
 * (PostgreSQL + PostgREST + Storage + gateway), written by `complete_meeting`. A local stand-in for an
 * OpenAI-compatible server quotes the transcript line it is sent (so its citation is real) while
 * `chatUp` is true, and answers 503 (an overloaded server) otherwise.
 */
let chatUp = true;
let chatRequests = 0;
let chat: Server;

function quoteFirstLine(body: string): string {
  const { messages } = JSON.parse(body) as { messages: { role: string; content: string }[] };
  const line = /^\[(\d+)\] [^(]*\([\d:]+\): (.*)$/m.exec(messages.at(-1)?.content ?? '');
  const text = line?.[2] ?? '';
  const item = { kind: 'key_point', text, segments: [Number(line?.[1])], owner: null, due: null };
  return JSON.stringify({ overview: text, items: [item] });
}

async function startChat(): Promise<string> {
  chat = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      chatRequests += 1;
      if (!chatUp) {
        response.writeHead(503, { 'content-type': 'application/json' }).end('{"error":{"message":"overloaded"}}');
        return;
      }
      const content = quoteFirstLine(body);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] }),
        );
    });
  });
  await new Promise<void>((resolve) => chat.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(chat.address() as AddressInfo).port}/v1`;
}

interface SummaryRow {
  summary: string | null;
  items: unknown[];
  backend: string | null;
}

describe('summaries saved on the Supabase stack', () => {
  let stack: SupabaseStack;
  let runtime: WorkerRuntime;
  let tempDir = '';

  const newMeeting = async (title: string): Promise<string> => {
    const webApp = supabaseClient(stack.url, stack.serviceKey);
    const objectPath = `meetings/${title}.flac`;
    const upload = await webApp.storage
      .from(MEETING_AUDIO_BUCKET)
      .upload(objectPath, readFileSync(sampleRecording.file), { upsert: true });
    if (upload.error !== null) throw upload.error;
    const { data, error } = await webApp
      .from('meetings')
      .insert({ title, audio_path: objectPath })
      .select('id')
      .single();
    if (error !== null) throw error;
    const row: { id: string } = data;
    return row.id;
  };
  const stored = async (meetingId: string) => {
    const summary = await stack.sql.query<SummaryRow>(
      'select summary, items, backend from public.meeting_summaries where meeting_id = $1',
      [meetingId],
    );
    const segments = await stack.sql.query<{ text: string; speaker_label: string | null }>(
      'select text, speaker_label from public.transcript_segments where meeting_id = $1 order by seq',
      [meetingId],
    );
    const asSegments = segments.rows.map((row): Segment => ({
      start: 0,
      end: 0,
      text: row.text,
      speaker: row.speaker_label,
      speakerId: null,
      words: [],
    }));
    return { row: summary.rows[0], segments: asSegments };
  };

  beforeAll(async () => {
    stack = await startSupabaseStack();
    tempDir = mkdtempSync(path.join(os.tmpdir(), 'pcw-summary-supabase-'));
    const settings = offlineSettings(tempDir, {
      supabaseUrl: stack.url,
      supabaseKey: stack.serviceKey,
      language: 'en',
      summaryBackend: 'openai-compatible',
      summaryApiUrl: await startChat(),
      summaryApiModel: 'stand-in',
      summaryTimeoutSeconds: 5,
    });
    const log = createLogger({ level: 'warn', console: false, secrets: [settings.supabaseKey] });
    runtime = await createWorkerRuntime(settings, { log, emit: () => undefined });
  }, 180_000);

  afterAll(async () => {
    await runtime.close();
    chat.closeAllConnections();
    await new Promise((resolve) => chat.close(resolve));
    await stack.stop();
    rmSync(tempDir, { recursive: true, force: true });
  });

  it('stores the chat backend summary with citations (segment seq numbers) that hold', async () => {
    chatUp = true;
    const id = await newMeeting('chat-summary');
    expect((await runtime.service.processMeeting(id)).outcome).toBe('completed');
    const { row, segments } = await stored(id);
    expect(row?.backend).toBe('openai-compatible:stand-in');
    expect(row?.summary).not.toBe('');
    const items = (row?.items ?? []).map((item) => summaryItemSchema.strict().parse(item));
    expect(items.length).toBeGreaterThan(0);
    const filter = contentWordFilter('en');
    for (const item of items) {
      expect(citationSupport(item.text, item.segments, segments, filter)).toBeGreaterThanOrEqual(minimumSupport);
      // The speakers are read from the cited rows, not taken from the model.
      const cited = item.segments.map((seq) => segments[seq]?.speaker).filter((label) => label != null);
      expect(item.speakers).toEqual([...new Set(cited)]);
    }
  });

  it('falls back when the chat server is down, completes the meeting and records the extractive backend', async () => {
    chatUp = false;
    const before = chatRequests;
    const id = await newMeeting('fallback-summary');
    expect((await runtime.service.processMeeting(id)).outcome).toBe('completed');
    expect(chatRequests - before).toBe(3);
    const meeting = await stack.sql.query<{ status: string }>('select status from public.meetings where id = $1', [id]);
    expect(meeting.rows[0]?.status).toBe('completed');
    const { row, segments } = await stored(id);
    expect(row?.backend).toBe('extractive');
    // The sample is one sentence: the overview quotes it, and a key point would only repeat it, so there is none.
    const quoted = (row?.summary ?? '').replace(/^[^:]+: /, '');
    const everySegment = segments.map((_, index) => index);
    expect(citationSupport(quoted, everySegment, segments, contentWordFilter('en'))).toBe(1);
    expect((row?.items ?? []).map((item) => summaryItemSchema.strict().parse(item))).toEqual([]);
  });
});
