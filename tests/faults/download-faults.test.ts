import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLogger } from '../../electron/core/log/logger.js';
import { createSupabaseServiceClient } from '../../electron/core/queue/supabase-client.js';
import type { AudioStore } from '../../electron/core/storage/audio-store.js';
import { BlockHashes, blockBytesFor } from '../../electron/core/storage/block-hashes.js';
import { writeCheckpoint, type DownloadCheckpoint } from '../../electron/core/storage/download-checkpoint.js';
import { downloadResumable } from '../../electron/core/storage/resumable-download.js';
import { createSupabaseAudioStore } from '../../electron/core/storage/supabase-audio-store.js';
import { supabaseClient } from '../support/stack/clients.js';
import { MEETING_AUDIO_BUCKET, startSupabaseStack, type SupabaseStack } from '../support/stack/stack.js';

import { tallyOutcomes, writeResultsSection, type ScenarioTally } from './support/results-report.js';

/** Signed-URL downloads against the real Storage-compatible server with its fault knobs, in process. */
const log = createLogger({ level: 'error', console: false, secrets: [] });
const objectBytes = randomBytes(600_000);
const objectPath = 'meetings/fault-download.wav';
const sha = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const fastResume = { attempts: 5, stallTimeoutMs: 1_500, retryDelayMs: 50 };
const runs = Number(process.env['FAULT_RUNS'] ?? 2);
/** Bytes per hashed block for the object (16 KiB): a resume continues at a block boundary. */
const blockBytes = blockBytesFor(objectBytes.length);
const wholeBlocksIn = (bytes: number): number =>
  bytes >= objectBytes.length ? objectBytes.length : Math.floor(bytes / blockBytes) * blockBytes;

/**
 * The checkpoint a download writes once it has received `bytes` bytes of `content` (the hash of each
 * block as it arrived, computed by the download's own BlockHashes), for a partial file a test lays out.
 */
function checkpointFor(etag: string, content: Buffer, bytes: number): DownloadCheckpoint {
  const hashes = new BlockHashes(blockBytes);
  hashes.update(content.subarray(0, bytes));
  if (bytes >= content.length) hashes.finish();
  return { etag, size: content.length, blockBytes, blocks: [...hashes.blocks] };
}

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
  const resumeOptions = () => ({
    maxBytes: 10_000_000,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    log,
  });
  /** The object's ETag and a signed URL for it, as the audio store gets them. */
  const signedObject = async (): Promise<{ etag: string; url: string }> => {
    const head = await fetch(`${stack.storageUrl}/object/${MEETING_AUDIO_BUCKET}/${objectPath}`, {
      method: 'HEAD',
      headers: { authorization: `Bearer ${stack.serviceKey}` },
    });
    const signed = await supabaseClient(stack.url, stack.serviceKey)
      .storage.from(MEETING_AUDIO_BUCKET)
      .createSignedUrl(objectPath, 600);
    return { etag: head.headers.get('etag') ?? '', url: signed.data?.signedUrl ?? '' };
  };
  const intact = (bytes: Buffer): 'completed' | 'lost' => (sha(bytes) === sha(objectBytes) ? 'completed' : 'lost');

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
    const rate = 400_000;
    stack.faults.storage.throttleBytesPerSec = rate;
    const times: number[] = [];
    const outcomes: Array<'completed' | 'lost'> = [];
    for (let run = 0; run < runs; run++) {
      const { bytes, seconds } = await download();
      outcomes.push(intact(bytes));
      times.push(seconds);
    }
    stack.faults.reset();
    results.push(
      tallyOutcomes(
        `storage trickle (${rate / 1000} kB/s)`,
        outcomes,
        `mean ${(times.reduce((a, b) => a + b) / runs).toFixed(2)} s per download`,
      ),
    );
    expect(outcomes.every((outcome) => outcome === 'completed')).toBe(true);
  });

  it('resumes with Range after the connection drops mid-download, twice per download', async () => {
    const outcomes: Array<'completed' | 'lost'> = [];
    const dropsBefore = stack.storageStats.droppedDownloads;
    const servedBefore = stack.storageStats.bodyBytes;
    for (let run = 0; run < runs; run++) {
      stack.faults.storage.dropAfterBytes = 100_000;
      stack.faults.storage.dropTimes = 2;
      // A slow watch here: on a loaded machine the 1.5 s stall watch can abort a response before its
      // drop point, which would use up a drop without dropping (the stall case has its own test).
      const { bytes } = await download(10_000_000, patientStore);
      outcomes.push(intact(bytes));
    }
    stack.faults.reset();
    const drops = stack.storageStats.droppedDownloads - dropsBefore;
    // Resumed, not started over: starting over would cost each cut's 100 kB again (800 kB in all); a resume
    // costs the part of a block the cut fell in and what was in flight when the connection broke.
    const servedPerDownload = (stack.storageStats.bodyBytes - servedBefore) / runs;
    results.push(
      tallyOutcomes(
        'storage drops the connection mid-download (2× per download)',
        outcomes,
        `${drops} connections dropped in ${runs} downloads, each resumed with Range at the last whole ` +
          `${blockBytes / 1024} KiB block; ${(servedPerDownload / 1000).toFixed(0)} kB served per ` +
          `${objectBytes.length / 1000} kB download`,
      ),
    );
    expect(outcomes.every((outcome) => outcome === 'completed')).toBe(true);
    expect(drops).toBe(2 * runs);
    expect(servedPerDownload).toBeLessThan(objectBytes.length + 100_000);
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
    results.push(
      tallyOutcomes(
        'storage stalls mid-body; storage answers nothing for 4 s',
        [stalled, unanswered].map((run) => intact(run.bytes)),
        `stall watch ${fastResume.stallTimeoutMs / 1000} s; ${stalled.seconds.toFixed(1)} s and ${unanswered.seconds.toFixed(1)} s`,
      ),
    );
  });

  it('retries signing through gateway 500/503 answers and gives up with a clear reason when they persist', async () => {
    const from = stack.requests.length;
    stack.faults.gateway.failNext(2, { status: 503, path: '/storage/v1/object/sign' });
    const { bytes } = await download();
    expect(sha(bytes)).toBe(sha(objectBytes));
    stack.faults.gateway.failNext(5, { status: 500, path: '/storage/v1/object/sign' });
    const refusal = await download().then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(refusal?.message).toMatch(/Could not sign the audio download after 3 attempts/);
    stack.faults.reset();
    const injected = stack.requests.slice(from).filter((request) => request.fault === 'failed').length;
    results.push(
      tallyOutcomes(
        'gateway 503 ×2, then 500 ×5 on signing',
        [intact(bytes), /after 3 attempts/.test(refusal?.message ?? '') ? 'failed-right' : 'lost'],
        `${injected} 5xx answers served; second download: ${refusal?.message ?? 'no error'}`,
      ),
    );
  });

  it('resumes from a checkpoint left on disk, and starts over when the object changed', async () => {
    const { etag, url } = await signedObject();
    const destination = path.join(dir, 'checkpointed.wav');
    const options = { ...resumeOptions(), policy: fastResume };

    writeFileSync(destination, objectBytes.subarray(0, 250_000));
    await writeCheckpoint(destination, checkpointFor(etag, objectBytes, 250_000));
    const resumed = await downloadResumable(url, objectPath, destination, options);
    expect(resumed.resumedFrom).toBe(wholeBlocksIn(250_000));
    const resumedIntact = sha(readFileSync(destination)) === sha(objectBytes);
    expect(resumedIntact).toBe(true);

    const reused = await downloadResumable(url, objectPath, destination, options);
    expect(reused).toEqual({ bytes: objectBytes.length, resumedFrom: objectBytes.length });
    const reusedIntact = sha(readFileSync(destination)) === sha(objectBytes);

    const otherVersion = randomBytes(objectBytes.length);
    writeFileSync(destination, otherVersion.subarray(0, 250_000));
    await writeCheckpoint(destination, checkpointFor('"another-version"', otherVersion, 250_000));
    const restarted = await downloadResumable(url, objectPath, destination, options);
    const restartedIntact = sha(readFileSync(destination)) === sha(objectBytes);
    expect(restartedIntact).toBe(true);
    results.push(
      tallyOutcomes(
        'checkpoint on disk (partial, complete, stale ETag)',
        [resumedIntact, reusedIntact, restartedIntact].map((ok) => (ok ? 'completed' : 'lost')),
        `resumed at ${resumed.resumedFrom} B; complete file reused at ${reused.resumedFrom} B; stale ETag: ` +
          `${restarted.bytes} B fetched again`,
      ),
    );
  });

  it('resumes intact after a power cut tore the checkpoint, its temp file or the partial file at any offset', async () => {
    const { etag, url } = await signedObject();
    const destination = path.join(dir, 'power-cut.wav');
    const checkpointFile = `${destination}.checkpoint.json`;
    const kept = 250_000;
    const checkpointText = JSON.stringify(checkpointFor(etag, objectBytes, kept));
    const options = { ...resumeOptions(), policy: fastResume };
    const resume = async (expectedFrom: number): Promise<'completed' | 'lost'> => {
      const outcome = await downloadResumable(url, objectPath, destination, options).catch(() => null);
      return outcome?.resumedFrom === expectedFrom && sha(readFileSync(destination)) === sha(objectBytes)
        ? 'completed'
        : 'lost';
    };
    const torn = { temp: [] as Array<'completed' | 'lost'>, checkpoint: [] as Array<'completed' | 'lost'> };
    const partial: Array<'completed' | 'lost'> = [];
    // Every cut short of the whole text leaves JSON that does not parse; 24 offsets spread over it, both ends included.
    const cuts = [
      ...new Set(Array.from({ length: 24 }, (_, index) => Math.round((index * checkpointText.length) / 23))),
    ];
    for (const cut of cuts) {
      // Cut while the next checkpoint was written: the previous one is whole, its successor torn.
      writeFileSync(destination, objectBytes.subarray(0, kept));
      await writeCheckpoint(destination, checkpointFor(etag, objectBytes, kept));
      writeFileSync(`${checkpointFile}.tmp`, checkpointText.slice(0, cut));
      torn.temp.push(await resume(wholeBlocksIn(kept)));
      if (cut === checkpointText.length) continue;
      // A file system that lost the rename's order: the checkpoint itself torn; it must vouch for nothing.
      writeFileSync(destination, objectBytes.subarray(0, kept));
      writeFileSync(checkpointFile, checkpointText.slice(0, cut));
      torn.checkpoint.push(await resume(0));
    }
    // Cut while the partial file was written: it ends at any offset, while the checkpoint already holds
    // the hash of every block (hashes are recorded before their bytes are written).
    const everyBlock = JSON.stringify(checkpointFor(etag, objectBytes, objectBytes.length));
    const step = Math.floor(objectBytes.length / 64);
    const offsets = [0, 1, ...Array.from({ length: 63 }, (_, index) => (index + 1) * step), objectBytes.length - 1];
    for (const offset of [...offsets, objectBytes.length]) {
      writeFileSync(destination, objectBytes.subarray(0, offset));
      writeFileSync(checkpointFile, everyBlock);
      partial.push(await resume(wholeBlocksIn(offset)));
    }
    const all = [...torn.temp, ...torn.checkpoint, ...partial];
    results.push(
      tallyOutcomes(
        'power cut while the checkpoint, its temp file or the partial file was written (torn at many offsets)',
        all,
        `checkpoint temp cut at ${torn.temp.length} offsets (resumed at ${wholeBlocksIn(kept)} B), checkpoint cut at ` +
          `${torn.checkpoint.length} offsets of its ${checkpointText.length} B (started over), partial file cut at ` +
          `${partial.length} offsets (resumed at the last whole ${blockBytes / 1024} KiB block); ` +
          `${all.filter((outcome) => outcome === 'completed').length} byte-identical`,
      ),
    );
    expect(all.filter((outcome) => outcome !== 'completed')).toEqual([]);
  });

  it('fetches again what a power cut left as zeros in a partial or a complete file', async () => {
    const { etag, url } = await signedObject();
    const destination = path.join(dir, 'zeros.wav');
    const options = { ...resumeOptions(), policy: fastResume };
    // The file's size was written but not its last data (or a run of it): the blocks read back as zeros.
    const cases = [
      { what: 'last 5 kB of a 250 kB partial file', bytes: 250_000, zeros: [245_000, 250_000] },
      { what: '4 kB in the middle of a 250 kB partial file', bytes: 250_000, zeros: [100_000, 104_096] },
      { what: 'all of a 250 kB partial file', bytes: 250_000, zeros: [0, 250_000] },
      { what: 'last 10 kB of a complete file', bytes: objectBytes.length, zeros: [590_000, objectBytes.length] },
    ] as const;
    const outcomes: Array<'completed' | 'lost'> = [];
    const resumedAt: number[] = [];
    for (const { bytes, zeros } of cases) {
      const onDisk = Buffer.from(objectBytes.subarray(0, bytes));
      onDisk.fill(0, zeros[0], zeros[1]);
      writeFileSync(destination, onDisk);
      await writeCheckpoint(destination, checkpointFor(etag, objectBytes, bytes));
      const outcome = await downloadResumable(url, objectPath, destination, options);
      outcomes.push(intact(readFileSync(destination)));
      resumedAt.push(outcome.resumedFrom);
    }
    results.push(
      tallyOutcomes(
        'power cut left zeros in the downloaded audio (a partial or a complete file)',
        outcomes,
        cases.map((c, index) => `${c.what}: resumed at ${resumedAt[index] ?? '?'} B`).join('; '),
      ),
    );
    expect(outcomes).toEqual(cases.map(() => 'completed'));
    expect(resumedAt).toEqual(cases.map((c) => wholeBlocksIn(c.zeros[0])));
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
    const outside = await download(10_000_000, foreign).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(outside?.message).toMatch(/outside the configured Supabase project/);

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
    const redirected = await downloadResumable(
      `http://127.0.0.1:${(redirector.address() as AddressInfo).port}/a`,
      objectPath,
      destination,
      options,
    ).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(redirected?.message).toMatch(/redirected the audio download/);
    expect(foreignHits).toBe(0);
    expect(existsSync(destination)).toBe(false);
    redirector.close();
    elsewhere.close();
    results.push(
      tallyOutcomes(
        'foreign origin / redirect to another host',
        [
          /outside the configured Supabase project/.test(outside?.message ?? '') ? 'failed-right' : 'lost',
          /redirected the audio download/.test(redirected?.message ?? '') && foreignHits === 0
            ? 'failed-right'
            : 'lost',
        ],
        `refused; the other host got ${foreignHits} requests`,
      ),
    );
  });

  it('stops at the size cap before the body is fetched', async () => {
    const before = stack.storageStats.downloads;
    const capped = await download(100_000).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(capped?.message).toMatch(/over the 0\.1 MB limit/);
    const requests = stack.storageStats.downloads - before;
    expect(requests).toBe(1);
    const left = readdirSync(dir).filter((name) => name === `download-${counter - 1}.wav`);
    expect(left).toEqual([]);
    results.push(
      tallyOutcomes(
        'object over the size cap',
        [/over the 0\.1 MB limit/.test(capped?.message ?? '') ? 'failed-right' : 'lost'],
        `refused from Content-Length (${requests} request); ${left.length} partial files left`,
      ),
    );
  });
});
