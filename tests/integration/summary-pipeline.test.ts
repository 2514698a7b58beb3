import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { WorkerEvent } from '../../electron/contract/events.js';
import { enqueueLocalRecording } from '../../electron/core/embedded/local-meetings.js';
import { createLogger, type LogLine } from '../../electron/core/log/logger.js';
import { contentWordFilter } from '../../electron/core/summary/content-words.js';
import { citationSupport, minimumSupport } from '../../electron/core/summary/grounding.js';
import { createWorkerRuntime } from '../../electron/core/worker-runtime.js';
import { offlineSettings } from '../support/offline-settings.js';
import { sampleRecording } from '../support/shared-data.js';

/** A chat server that is up but broken: every request gets a 503, as an overloaded Ollama would. */
let broken: Server;
let brokenUrl = '';
let requests = 0;

beforeAll(async () => {
  broken = createServer((_request, response) => {
    requests += 1;
    response.writeHead(503, { 'content-type': 'application/json' });
    response.end('{"error":{"message":"model is loading"}}');
  });
  await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
  brokenUrl = `http://127.0.0.1:${(broken.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  broken.closeAllConnections();
  await new Promise((resolve) => broken.close(resolve));
});

describe('the summarize stage', () => {
  it('completes a real recording with a grounded summary even when the chat backend fails', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-summary-stage-'));
    const settings = offlineSettings(dir, {
      language: 'en',
      summaryBackend: 'openai-compatible',
      summaryApiUrl: brokenUrl,
      summaryApiModel: 'llama3.2',
      summaryTimeoutSeconds: 5,
    });
    const lines: LogLine[] = [];
    const log = createLogger({ level: 'info', console: false, secrets: [], onLine: (line) => lines.push(line) });
    const events: WorkerEvent[] = [];
    const runtime = await createWorkerRuntime(settings, { log, emit: (event) => events.push(event) });
    try {
      const embedded = runtime.embedded;
      if (embedded === null) throw new Error('the embedded queue did not open');
      const id = await enqueueLocalRecording(embedded.db, embedded.bucketDir, sampleRecording.file, { language: 'en' });
      const outcome = await runtime.service.processMeeting(id);
      if (outcome.outcome !== 'completed') throw new Error(`meeting did not complete: ${JSON.stringify(outcome)}`);
      const { result } = outcome;

      expect(requests).toBe(3);
      expect(result.summary?.backend).toBe('extractive');
      // The sample is one sentence: the overview quotes it (grounded in the transcript) and no item repeats it.
      const quoted = (result.summary?.overview ?? '').replace(/^[^:]+: /, '');
      const everySegment = result.segments.map((_, index) => index);
      expect(citationSupport(quoted, everySegment, result.segments, contentWordFilter('en'))).toBeGreaterThanOrEqual(
        minimumSupport,
      );
      expect(result.summary?.items).toEqual([]);
      expect(result.timingsSec['summarize']).toBeGreaterThanOrEqual(0);
      const summarizeProgress = events.filter(
        (event) => event.type === 'meeting-progress' && event.stage === 'summarize',
      );
      expect(summarizeProgress.length).toBeGreaterThan(0);
      expect(lines.some((line) => line.message.includes('summary backend failed; trying the next one'))).toBe(true);

      const stored = await embedded.db.query<{ summary: string; backend: string; items: unknown[] }>(
        'select summary, backend, items from public.meeting_summaries where meeting_id = $1',
        [id],
      );
      expect(stored.rows[0]).toEqual({
        summary: result.summary?.overview,
        backend: 'extractive',
        items: result.summary?.items,
      });
    } finally {
      await runtime.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
