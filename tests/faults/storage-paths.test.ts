/**
 * Encoded-path corpus against the real Storage-compatible server (through the gateway, as the worker
 * talks to Supabase): an outside audit fetched another bucket's object with `%2e%2e/other-bucket/x.wav`
 * and injected `?download=1`. Every hostile path must be refused before a single request leaves the
 * worker; legitimate names (spaces, `+`, `;`, non-ASCII, the owner's folder) must still download intact.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { DownloadError } from '../../electron/core/errors.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { createSupabaseServiceClient } from '../../electron/core/queue/supabase-client.js';
import type { AudioStore } from '../../electron/core/storage/audio-store.js';
import { assertSafeObjectPath } from '../../electron/core/storage/object-path.js';
import { createSupabaseAudioStore } from '../../electron/core/storage/supabase-audio-store.js';
import { supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

import { writeResultsSection, type ScenarioTally } from './support/results-report.js';

const log = createLogger({ level: 'error', console: false, secrets: [] });
const owner = randomUUID();
const secret = randomBytes(4_096);
const legitimate = randomBytes(8_192);

/** Each spelling reaches `other-bucket/x.wav` or `meeting-audio/x.wav?download=1` once the server decodes it. */
function hostileCorpus(): string[] {
  const dots = ['%2e%2e', '%2E%2E', '.%2e', '%2e.', '%252e%252e', '%c0%ae%c0%ae', '%u002e%u002e', '..'];
  const slashes = ['/', '%2f', '%2F', '%5c', '\\', '%252f'];
  const corpus: string[] = [];
  for (const dot of dots) for (const slash of slashes) corpus.push(`${dot}${slash}other-bucket${slash}x.wav`);
  for (const tail of ['?download=1', '#x', '%3Fdownload=1', '%23x', '?token=forged', '\u0000.wav', '\r\nX: y'])
    corpus.push(`${owner}/x.wav${tail}`);
  for (const control of ['\u0001', '\u001f', '\u007f', '\u0085', '\u009b', '\t', '\n'])
    corpus.push(`${owner}/a${control}b.wav`);
  corpus.push('/other-bucket/x.wav', 'C:/x.wav', `${owner}//x.wav`, `${owner}/./x.wav`, `${owner}/x/..`);
  return corpus;
}

describe('storage object paths from meeting rows', () => {
  let stack: SupabaseStack;
  let store: AudioStore;
  let dir = '';
  const results: ScenarioTally[] = [];

  // What runMeeting does with a row: check against the owner, then the store checks again and signs.
  const download = async (objectPath: string, ownerId: string | null) => {
    const destination = path.join(dir, `${randomUUID()}.wav`);
    await store.download(assertSafeObjectPath(objectPath, ownerId), destination, {
      maxBytes: 1_000_000,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    return readFileSync(destination);
  };

  beforeAll(async () => {
    stack = await startSupabaseStack();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-storage-paths-'));
    await stack.createBucket('other-bucket');
    const admin = supabaseClient(stack.url, stack.serviceKey);
    const put = async (bucket: string, objectPath: string, bytes: Buffer) => {
      const upload = await admin.storage.from(bucket).upload(objectPath, bytes);
      if (upload.error !== null) throw upload.error;
    };
    await put('other-bucket', 'x.wav', secret);
    await put(MEETING_AUDIO_BUCKET, 'x.wav', secret);
    const client = createSupabaseServiceClient(stack.url, stack.serviceKey);
    store = createSupabaseAudioStore(client, MEETING_AUDIO_BUCKET, { supabaseUrl: stack.url, log });
  });

  afterAll(async () => {
    writeResultsSection(
      'storage-paths',
      'Storage object paths: encoded-path corpus (real storage server behind the gateway)',
      results,
      'Each path is what a meeting row could hold; "failed with the right reason" = refused with a DownloadError before any request reached the gateway.',
    );
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every encoded-dot, query, fragment, separator and control-character path before any request', async () => {
    const corpus = hostileCorpus();
    const requestsBefore = stack.requests.length;
    let refused = 0;
    let reached = 0;
    for (const objectPath of corpus) {
      const outcome = await download(objectPath, owner).then(
        (bytes) => bytes,
        (error: unknown) => error,
      );
      if (outcome instanceof DownloadError && !outcome.retryable) refused++;
      else if (Buffer.isBuffer(outcome)) reached++;
    }
    const requests = stack.requests.length - requestsBefore;
    expect({ refused, reached, requests }).toEqual({ refused: corpus.length, reached: 0, requests: 0 });
    results.push({
      scenario: 'encoded-path corpus (dots × separators, query/fragment, control characters)',
      runs: 1,
      submitted: corpus.length,
      completedOnce: 0,
      failedWithReason: refused,
      lost: corpus.length - refused,
      duplicated: 0,
      notes: `${String(requests)} requests reached the gateway; ${String(reached)} downloads of another bucket's object`,
    });
  });

  it("keeps an owned meeting in its owner's folder and still downloads legitimate names intact", async () => {
    const names = [`${owner}/Réunion du lundi/会议 + notes;v2.wav`, `${owner}/plain.wav`];
    const admin = supabaseClient(stack.url, stack.serviceKey);
    for (const name of names) {
      const upload = await admin.storage.from(MEETING_AUDIO_BUCKET).upload(name, legitimate);
      if (upload.error !== null) throw upload.error;
    }
    let intact = 0;
    for (const name of names) if ((await download(name, owner)).equals(legitimate)) intact++;
    const stranger = randomUUID();
    const foreign = await download(`${owner}/plain.wav`, stranger).catch((error: unknown) => error);
    expect(foreign).toBeInstanceOf(DownloadError);
    expect(String(foreign)).toMatch(/owner's folder/);
    expect(intact).toBe(names.length);
    expect(existsSync(path.join(dir, 'none'))).toBe(false);
    results.push({
      scenario: "legitimate names (spaces, +, ;, non-ASCII) and another owner's folder",
      runs: 1,
      submitted: names.length + 1,
      completedOnce: intact,
      failedWithReason: foreign instanceof DownloadError ? 1 : 0,
      lost: names.length - intact,
      duplicated: 0,
      notes: "byte-identical downloads; a meeting of another owner pointing into this owner's folder refused",
    });
  });
});
