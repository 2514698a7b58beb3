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

/** Where an interrupted download continues: the bytes already in `<file>.partial`, hashed again. */
async function resumePoint(partial: string, pin: ModelFile): Promise<number> {
  const have = (await stat(partial).catch(() => null))?.size ?? 0;
  if (pin.bytes !== null && have >= pin.bytes) {
    await rm(partial, { force: true }); // as long as the whole file and still not renamed: start over
    return 0;
  }
  return have;
}

/** The first byte a 206 answer holds and the whole file's size, from its Content-Range. */
function parseContentRange(header: string | null): { first: number; size: number | null } | null {
  const match = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header ?? '');
  if (match === null) return null;
  return { first: Number(match[1]), size: match[2] === '*' ? null : Number(match[2]) };
}

async function request(url: string, from: number, what: string): Promise<Response> {
  // The Hub answers a resolve URL with its bytes or a redirect to its CDN; both honour Range (206).
  const headers: Record<string, string> = from > 0 ? { Range: `bytes=${String(from)}-` } : {};
  return fetch(url, { headers }).catch((error: unknown) => {
    throw new ModelUnavailableError(`Could not download ${what} from ${url}.`, { cause: error });
  });
}

/**
 * Downloads one pinned file into `<file>.partial` and renames it once its hash matches. A download cut
 * short keeps its partial file, and the next attempt asks only for the rest (HTTP Range); a server
 * that ignores the Range (200) or cannot serve it (416) sends the whole file again.
 */
async function download(entry: HubModel, pin: ModelFile, options: ModelStoreOptions, dir: string): Promise<void> {
  const target = path.join(dir, entry.id, pin.path);
  const url = `${options.hubUrl.replace(/\/$/, '')}/${entry.id}/resolve/${entry.revision}/${pin.path}`;
  const what = `${entry.id} (${pin.path})`;
  await mkdir(path.dirname(target), { recursive: true });
  const partial = `${target}.partial`;
  let from = await resumePoint(partial, pin);
  let response = await request(url, from, what);
  if (response.status === 416) {
    await response.body?.cancel();
    from = 0;
    response = await request(url, 0, what);
  }
  const range = response.status === 206 ? parseContentRange(response.headers.get('content-range')) : null;
  if (response.status === 206 && range?.first !== from) {
    await response.body?.cancel();
    throw new ModelUnavailableError(`Resuming ${what} got an unexpected range from ${url}; try again.`);
  }
  if (response.status !== 206) from = 0;
  if ((response.status !== 200 && response.status !== 206) || response.body === null) {
    throw new ModelUnavailableError(`Downloading ${what} failed: HTTP ${String(response.status)} from ${url}.`);
  }
  const hash = createHash('sha256');
  if (from > 0) for await (const chunk of createReadStream(partial, { end: from - 1 })) hash.update(chunk as Buffer);
  const length = response.headers.get('content-length');
  const totalBytes = range?.size ?? (length === null ? pin.bytes : from + Number(length));
  let receivedBytes = from;
  const measure = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      receivedBytes += chunk.length;
      options.onProgress?.({ modelId: entry.id, file: pin.path, receivedBytes, totalBytes });
      callback(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.fromWeb(response.body),
      measure,
      createWriteStream(partial, { flags: from > 0 ? 'a' : 'w' }),
    );
  } catch (error) {
    throw new ModelUnavailableError(
      `Downloading ${what} stopped after ${String(receivedBytes)} of ${String(totalBytes ?? '?')} bytes; the next attempt continues from there.`,
      { cause: error },
    );
  }
  const actual = hash.digest('hex');
  if (pin.sha256 !== null && actual !== pin.sha256) {
    await rm(partial, { force: true });
    throw new ModelUnavailableError(
      `The download of ${what} does not match its pinned hash (got ${actual}, expected ${pin.sha256}); nothing was kept.`,
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
