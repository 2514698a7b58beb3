import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { ModelUnavailableError } from '../errors.js';

import type { ModelFile, WhisperModelEntry } from './model-manifest.js';

/** What the store needs of any Hub model: the repository, a revision and the pinned files. */
export type HubModel = Pick<WhisperModelEntry, 'id' | 'revision' | 'files'>;

export interface DownloadProgress {
  modelId: string;
  file: string;
  receivedBytes: number;
  totalBytes: number | null;
}

export interface ModelStoreOptions {
  /** Folders looked in, in order (MODEL_CACHE_DIR, then the app cache), transformers.js layout. */
  searchDirs: readonly string[];
  /** Where downloads land; null when downloads are off. */
  downloadDir: string | null;
  /** Hugging Face Hub base URL (HF_ENDPOINT), e.g. https://huggingface.co. */
  hubUrl: string;
  onProgress?: (progress: DownloadProgress) => void;
}

type FileState = 'ok' | 'missing' | { mismatch: string };

const verified = new Map<string, string>();

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

/** Checks one file against its pin; a verified path is remembered (keyed by size and mtime) for the process. */
export async function checkModelFile(file: string, pin: ModelFile): Promise<FileState> {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) return 'missing';
  if (pin.bytes !== null && info.size !== pin.bytes) {
    return { mismatch: `${file} has ${String(info.size)} bytes, expected ${String(pin.bytes)}` };
  }
  if (pin.sha256 === null) return 'ok';
  const key = `${file}|${String(info.size)}|${String(info.mtimeMs)}`;
  if (verified.get(key) === pin.sha256) return 'ok';
  const actual = await sha256File(file);
  if (actual !== pin.sha256) return { mismatch: `${file} has sha256 ${actual}, expected ${pin.sha256}` };
  verified.set(key, actual);
  return 'ok';
}

async function problemsIn(dir: string, entry: HubModel): Promise<string[]> {
  const problems: string[] = [];
  for (const pin of entry.files) {
    const state = await checkModelFile(path.join(dir, entry.id, pin.path), pin);
    if (state === 'missing') problems.push(`missing ${path.join(dir, entry.id, pin.path)}`);
    else if (state !== 'ok') problems.push(`corrupt: ${state.mismatch}`);
  }
  return problems;
}

async function download(entry: HubModel, pin: ModelFile, options: ModelStoreOptions, dir: string): Promise<void> {
  const target = path.join(dir, entry.id, pin.path);
  const url = `${options.hubUrl.replace(/\/$/, '')}/${entry.id}/resolve/${entry.revision}/${pin.path}`;
  const response = await fetch(url).catch((error: unknown) => {
    throw new ModelUnavailableError(`Could not download ${entry.id} (${pin.path}) from ${url}.`, { cause: error });
  });
  if (!response.ok || response.body === null) {
    throw new ModelUnavailableError(
      `Downloading ${entry.id} (${pin.path}) failed: HTTP ${String(response.status)} from ${url}.`,
    );
  }
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  const hash = createHash('sha256');
  const header = response.headers.get('content-length');
  const totalBytes = header === null ? pin.bytes : Number(header);
  let receivedBytes = 0;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      receivedBytes += chunk.length;
      options.onProgress?.({ modelId: entry.id, file: pin.path, receivedBytes, totalBytes });
      callback(null, chunk);
    },
  });
  await pipeline(Readable.fromWeb(response.body), measure, createWriteStream(partial));
  const actual = hash.digest('hex');
  if (pin.sha256 !== null && actual !== pin.sha256) {
    await rm(partial, { force: true });
    throw new ModelUnavailableError(
      `The download of ${entry.id} (${pin.path}) does not match its pinned hash (got ${actual}, expected ${pin.sha256}); nothing was kept.`,
    );
  }
  await rename(partial, target);
}

/**
 * Finds a complete, hash-checked copy of a Hub model (Whisper, or a speaker model): each search folder
 * in order, then a download from the Hub into the download folder (only the files that are missing or
 * corrupt there). Returns the folder that holds `<id>/…`. Offline with nothing usable: a
 * ModelUnavailableError naming the model (`what`: "speech", "speaker embedding"…) and every file that
 * was missing or wrong.
 */
export async function ensureHubModel(entry: HubModel, options: ModelStoreOptions, what: string): Promise<string> {
  const report: string[] = [];
  for (const dir of options.searchDirs) {
    const problems = await problemsIn(dir, entry);
    if (problems.length === 0) return dir;
    report.push(...problems);
  }
  if (options.downloadDir === null) {
    throw new ModelUnavailableError(
      `The ${what} model ${entry.id} is not available offline: ${report.slice(0, 4).join('; ')}${report.length > 4 ? ` (+${String(report.length - 4)} more)` : ''}. ` +
        `Put the model in MODEL_CACHE_DIR (transformers.js layout) or allow downloads.`,
    );
  }
  for (const pin of entry.files) {
    const state = await checkModelFile(path.join(options.downloadDir, entry.id, pin.path), pin);
    if (state !== 'ok') await download(entry, pin, options, options.downloadDir);
  }
  return options.downloadDir;
}

/**
 * The first copy of a single pinned file (the VAD) among the folders, checked against its hash. The
 * error names the file and every place looked.
 */
export async function locatePinnedFile(dirs: readonly string[], pin: ModelFile, what: string): Promise<string> {
  const problems: string[] = [];
  for (const dir of dirs) {
    const file = path.join(dir, pin.path);
    const state = await checkModelFile(file, pin);
    if (state === 'ok') return file;
    problems.push(state === 'missing' ? `missing ${file}` : `corrupt: ${state.mismatch}`);
  }
  throw new ModelUnavailableError(`The ${what} model file ${pin.path} was not found intact: ${problems.join('; ')}.`);
}
