import { copyFile, mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ModelUnavailableError } from '../../../../electron/core/errors.js';
import {
  findWhisperModel,
  sileroVadModel,
  type WhisperModelEntry,
} from '../../../../electron/core/models/model-manifest.js';
import {
  checkModelFile,
  ensureHubModel,
  locatePinnedFile,
  type DownloadProgress,
} from '../../../../electron/core/models/model-store.js';
import { startFakeHub, type FakeHub } from '../../../support/fake-hub.js';
import { sharedModelsDir } from '../../../support/shared-data.js';

const tiny = findWhisperModel('Xenova/whisper-tiny') as WhisperModelEntry;
let scratch: string;
let hub: FakeHub;
let hubUrl: string;

beforeAll(async () => {
  scratch = await mkdtemp(path.join(os.tmpdir(), 'model-store-'));
  // The Hub serves the real shared files.
  hub = await startFakeHub((key) => ({ file: path.join(sharedModelsDir, key) }));
  hubUrl = hub.url;
});

afterAll(async () => {
  await hub.close();
  await rm(scratch, { recursive: true, force: true });
});

describe('model store', () => {
  it('accepts the real shared whisper-tiny files after checking every pinned hash', async () => {
    await expect(
      ensureHubModel(tiny, { searchDirs: [sharedModelsDir], downloadDir: null, hubUrl }, 'speech'),
    ).resolves.toBe(sharedModelsDir);
  });

  it('offline with nothing cached: the error names the model and the missing file', async () => {
    const empty = path.join(scratch, 'empty');
    const error = await ensureHubModel(tiny, { searchDirs: [empty], downloadDir: null, hubUrl }, 'speech').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as Error).message).toMatch(
      /speech model Xenova\/whisper-tiny is not available offline: missing .*whisper-tiny/,
    );
  });

  it('refuses a copy whose bytes were changed, naming the file and both hashes', async () => {
    const pin = tiny.files.find((file) => file.path === 'config.json');
    const copy = path.join(scratch, 'tampered', 'config.json');
    await mkdir(path.dirname(copy), { recursive: true });
    await copyFile(path.join(sharedModelsDir, tiny.id, 'config.json'), copy);
    await writeFile(copy, ' ', { flag: 'r+' });
    const state = await checkModelFile(copy, pin ?? tiny.files[0]!);
    expect(state).toEqual({ mismatch: expect.stringContaining(`expected ${pin?.sha256 ?? ''}`) as string });
  });

  it('downloads what is missing from the Hub with progress, hash-checked, into the app cache', async () => {
    const progress: DownloadProgress[] = [];
    const cache = path.join(scratch, 'cache');
    const dir = await ensureHubModel(
      tiny,
      {
        searchDirs: [path.join(scratch, 'none')],
        downloadDir: cache,
        hubUrl,
        onProgress: (event) => progress.push(event),
      },
      'speech',
    );
    expect(dir).toBe(cache);
    const encoder = progress.filter((event) => event.file === 'onnx/encoder_model_quantized.onnx');
    expect(encoder.at(-1)?.receivedBytes).toBe(10124910);
    await expect(ensureHubModel(tiny, { searchDirs: [cache], downloadDir: null, hubUrl }, 'speech')).resolves.toBe(
      cache,
    );
  });

  it("continues a dropped download where it stopped (HTTP Range), through the Hub's CDN redirect", async () => {
    const encoder = 'onnx/encoder_model_quantized.onnx';
    const only: WhisperModelEntry = { ...tiny, files: tiny.files.filter((file) => file.path === encoder) };
    const cache = path.join(scratch, 'cache-resume');
    const partial = path.join(cache, tiny.id, `${encoder}.partial`);
    const options = { searchDirs: [], downloadDir: cache, hubUrl };
    hub.dropNextAfter(`${tiny.id}/${encoder}`, 4_000_000);
    await expect(ensureHubModel(only, options, 'speech')).rejects.toThrow(
      /stopped after \d+ of 10124910 bytes; the next attempt continues from there/,
    );
    // A real partial file: what arrived before the connection dropped (at least the bytes written).
    const kept = (await stat(partial)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(4_000_000);
    hub.ranges.length = 0;
    const progress: DownloadProgress[] = [];
    await expect(ensureHubModel(only, { ...options, onProgress: (p) => progress.push(p) }, 'speech')).resolves.toBe(
      cache,
    );
    // resolve (302) and CDN both asked only for the rest; the hash covers the kept bytes and the new ones.
    expect(hub.ranges).toEqual([`bytes=${String(kept)}-`, `bytes=${String(kept)}-`]);
    expect(progress[0]?.receivedBytes).toBeGreaterThan(kept);
    expect(progress.at(-1)).toMatchObject({ receivedBytes: 10124910, totalBytes: 10124910 });
    await expect(checkModelFile(path.join(cache, tiny.id, encoder), only.files[0]!)).resolves.toBe('ok');
    await expect(stat(partial)).rejects.toThrow(/ENOENT/);
  });

  it('rejects a download whose hash does not match and keeps nothing of it', async () => {
    const wrong: WhisperModelEntry = { ...tiny, files: [{ path: 'config.json', bytes: null, sha256: '0'.repeat(64) }] };
    const cache = path.join(scratch, 'cache-wrong');
    await expect(ensureHubModel(wrong, { searchDirs: [], downloadDir: cache, hubUrl }, 'speech')).rejects.toThrow(
      /does not match its pinned hash/,
    );
    await expect(checkModelFile(path.join(cache, tiny.id, 'config.json'), wrong.files[0]!)).resolves.toBe('missing');
  });

  it('finds the VAD in the model folder and names the file when it is nowhere', async () => {
    await expect(locatePinnedFile([sharedModelsDir], sileroVadModel.file, 'VAD')).resolves.toBe(
      path.join(sharedModelsDir, 'silero', 'silero_vad.onnx'),
    );
    await expect(locatePinnedFile([scratch], sileroVadModel.file, 'VAD')).rejects.toThrow(
      /silero\/silero_vad\.onnx was not found intact: missing/,
    );
  });
});
