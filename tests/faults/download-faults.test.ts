import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../electron/core/log/logger.js';
import { createSupabaseServiceClient } from '../../electron/core/queue/supabase-client.js';
import type { AudioStore } from '../../electron/core/storage/audio-store.js';
import { writeCheckpoint } from '../../electron/core/storage/download-checkpoint.js';
import { downloadResumable } from '../../electron/core/storage/resumable-download.js';
import { createSupabaseAudioStore } from '../../electron/core/storage/supabase-audio-store.js';
import { supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

import { writeResultsSection, type ScenarioTally } from './support/results-report.js';

/** Signed-URL downloads against the real Storage-compatible server with its fault knobs, in process. */
const log = createLogger({ level: 'error', console: false, secrets: [] });
const objectBytes = randomBytes(600_000);
const objectPath = 'meetings/fault-download.wav';
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const fastResume = { attempts: 5, stallTimeoutMs: 1_500, retryDelayMs: 50 };
const runs = Number(process.env['FAULT_RUNS'] ?? 2);

describe('audio downloads under storage faults', () => {
  let stack: SupabaseStack;
  let store: AudioStore;
  let patientStore: AudioStore;
  let dir = '';
  const results: ScenarioTally[] = [];
  let counter = 0;

  const download = async (maxBytes = 10_000_000, into = store) => {
    const destination = path.join(dir, `download-${counter++}.wav`);
    const started = performance.now();
    await into.download(objectPath, destination, {
      maxBytes,
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const bytes = readFileSync(destination);
    return { bytes, seconds: (performance.now() - started) / 1000 };
  };
  const record = (scenario: string, ok: number, failedRight: number, notes: string) =>
    results.push({
      scenario,
      runs,
      submitted: runs,
      completedOnce: ok,
      failedWithReason: failedRight,
      lost: runs - ok - failedRight,
      duplicated: 0,
      notes,
    });

  beforeAll(async () => {
    stack = await startSupabaseStack();
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-download-faults-'));
    const upload = await supabaseClient(stack.url, stack.serviceKey)
      .storage.from(MEETING_AUDIO_BUCKET)
      .upload(objectPath, objectBytes);
    if (upload.error !== null) throw upload.error;
    const client = createSupabaseServiceClient(stack.url, stack.serviceKey);
    store = createSupabaseAudioStore(client, MEETING_AUDIO_BUCKET, { supabaseUrl: stack.url, log, resume: fastResume });
    patientStore = createSupabaseAudioStore(client, MEETING_AUDIO_BUCKET, {
      supabaseUrl: stack.url,
      log,
      resume: { ...fastResume, stallTimeoutMs: 30_000 },
    });
  });

  afterAll(async () => {
    writeResultsSection(
      'downloads',
      'Downloads under storage faults (in process, real storage server)',
      results,
      `A 600 kB object fetched through a signed URL; FAULT_RUNS=${runs} runs per scenario. "completed once" = the file arrived byte-identical.`,
    );
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes a trickling download intact', async () => {
    stack.faults.storage.throttleBytesPerSec = 400_000;
    const times: number[] = [];
    for (let run = 0; run < runs; run++) {
      const { bytes, seconds } = await download();
      expect(sha(bytes)).toBe(sha(objectBytes));
      times.push(seconds);
    }
    stack.faults.reset();
    record(
      'storage trickle (400 kB/s)',
      runs,
      0,
      `mean ${(times.reduce((a, b) => a + b) / runs).toFixed(2)} s per download`,
    );
  });

  it('resumes with Range after the connection drops mid-download, twice per download', async () => {
    for (let run = 0; run < runs; run++) {
      const dropsBefore = stack.storageStats.droppedDownloads;
      stack.faults.storage.dropAfterBytes = 100_000;
      stack.faults.storage.dropTimes = 2;
      // A slow watch here: on a loaded machine the 1.5 s stall watch can abort a response before its
      // drop point, which would use up a drop without dropping (the stall case has its own test).
      const { bytes } = await download(10_000_000, patientStore);
      expect(sha(bytes)).toBe(sha(objectBytes));
      expect(stack.storageStats.droppedDownloads - dropsBefore).toBe(2);
    }
    stack.faults.reset();
    record(
      'storage drops the connection mid-download (2× per download)',
      runs,
      0,
      'resumed with Range, byte-identical',
    );
  });

  it('treats a storage server that stops sending, or never answers, as a stall and resumes', async () => {
    // Half a byte per second is a stall for the 1.5 s watch; the knob is lifted so the resume is fast.
    stack.faults.storage.throttleBytesPerSec = 0.5;
    setTimeout(() => (stack.faults.storage.throttleBytesPerSec = null), 2_500);
    const stalled = await download();
    expect(sha(stalled.bytes)).toBe(sha(objectBytes));
    stack.faults.gateway.delayNext(1, 4_000, { method: 'GET', path: '/storage/v1/object/sign/' });
    const unanswered = await download();
    expect(sha(unanswered.bytes)).toBe(sha(objectBytes));
    stack.faults.reset();
    results.push({
      scenario: 'storage stalls mid-body; storage answers nothing for 4 s',
      runs: 2,
      submitted: 2,
      completedOnce: 2,
      failedWithReason: 0,
      lost: 0,
      duplicated: 0,
      notes: `stall watch 1.5 s; ${stalled.seconds.toFixed(1)} s and ${unanswered.seconds.toFixed(1)} s`,
    });
  });

  it('retries signing through gateway 500/503 answers and gives up with a clear reason when they persist', async () => {
    stack.faults.gateway.failNext(2, { status: 503, path: '/storage/v1/object/sign' });
    const { bytes } = await download();
    expect(sha(bytes)).toBe(sha(objectBytes));
    stack.faults.gateway.failNext(5, { status: 500, path: '/storage/v1/object/sign' });
    await expect(download()).rejects.toThrow(/Could not sign the audio download after 3 attempts/);
    stack.faults.reset();
    results.push({
      scenario: 'gateway 503 ×2, then 500 ×5 on signing',
      runs: 2,
      submitted: 2,
      completedOnce: 1,
      failedWithReason: 1,
      lost: 0,
      duplicated: 0,
      notes: 'second: retryable "Could not sign … after 3 attempts"',
    });
  });

  it('resumes from a checkpoint left on disk, and starts over when the object changed', async () => {
    const head = await fetch(`${stack.storageUrl}/object/${MEETING_AUDIO_BUCKET}/${objectPath}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${stack.serviceKey}` },
    });
    const etag = head.headers.get('etag') ?? '';
    const destination = path.join(dir, 'checkpointed.wav');
    const signed = await supabaseClient(stack.url, stack.serviceKey)
      .storage.from(MEETING_AUDIO_BUCKET)
      .createSignedUrl(objectPath, 60);
    const url = signed.data?.signedUrl ?? '';
    const options = {
      maxBytes: 10_000_000,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      log,
      policy: fastResume,
    };

    writeFileSync(destination, objectBytes.subarray(0, 250_000));
    await writeCheckpoint(destination, { etag, size: objectBytes.length });
    const resumed = await downloadResumable(url, objectPath, destination, options);
    expect(resumed.resumedFrom).toBe(250_000);
    expect(sha(readFileSync(destination))).toBe(sha(objectBytes));

    const reused = await downloadResumable(url, objectPath, destination, options);
    expect(reused).toEqual({ bytes: objectBytes.length, resumedFrom: objectBytes.length });

    writeFileSync(destination, randomBytes(250_000));
    await writeCheckpoint(destination, { etag: '"another-version"', size: objectBytes.length });
    await downloadResumable(url, objectPath, destination, options);
    expect(sha(readFileSync(destination))).toBe(sha(objectBytes));
    results.push({
      scenario: 'checkpoint on disk (partial, complete, stale ETag)',
      runs: 3,
      submitted: 3,
      completedOnce: 3,
      failedWithReason: 0,
      lost: 0,
      duplicated: 0,
      notes: 'resumed at 250 000 B; complete file reused after a 1-byte check; stale ETag → full download',
    });
  });

  it('refuses a signed URL outside the configured Supabase origin and never follows redirects', async () => {
    const foreign = createSupabaseAudioStore(
      createSupabaseServiceClient(stack.url, stack.serviceKey),
      MEETING_AUDIO_BUCKET,
      {
        supabaseUrl: 'http://localhost:1',
        log,
      },
    );
    await expect(download(10_000_000, foreign)).rejects.toThrow(/outside the configured Supabase project/);

    let foreignHits = 0;
    const elsewhere = createServer((_req, res) => {
      foreignHits++;
      res.end('not audio');
    });
    elsewhere.listen(0, '127.0.0.1');
    await once(elsewhere, 'listening');
    const redirector = createServer((_req, res) => {
      res.writeHead(302, { location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/x` });
      res.end();
    });
    redirector.listen(0, '127.0.0.1');
    await once(redirector, 'listening');
    const destination = path.join(dir, 'redirected.wav');
    const options = {
      maxBytes: 1_000_000,
      signal: new AbortController().signal,
      onProgress: () => undefined,
      log,
      policy: fastResume,
    };
    await expect(
      downloadResumable(
        `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/a`,
        objectPath,
        destination,
        options,
      ),
    ).rejects.toThrow(/redirected the audio download/);
    expect(foreignHits).toBe(0);
    expect(existsSync(destination)).toBe(false);
    redirector.close();
    elsewhere.close();
    results.push({
      scenario: 'foreign origin / redirect to another host',
      runs: 2,
      submitted: 2,
      completedOnce: 0,
      failedWithReason: 2,
      lost: 0,
      duplicated: 0,
      notes: 'refused; the other host got 0 requests',
    });
  });

  it('stops at the size cap before the body is fetched', async () => {
    const before = stack.storageStats.downloads;
    await expect(download(100_000)).rejects.toThrow(/over the 0\.1 MB limit/);
    expect(stack.storageStats.downloads - before).toBe(1);
    results.push({
      scenario: 'object over the size cap',
      runs: 1,
      submitted: 1,
      completedOnce: 0,
      failedWithReason: 1,
      lost: 0,
      duplicated: 0,
      notes: 'refused from Content-Length; no partial file',
    });
  });
});
