/**
 * The headless dashboard's upload: a browser cannot hand the worker a path, so it sends the file's
 * bytes. They are streamed to a file in the data folder (never held in memory), stopped at the size
 * cap, checked like every other recording (recording-check.ts) and added to the local queue.
 */
import { randomUUID, timingSafeEqual } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { addRecordingsOptionsSchema, type AddedRecording } from '../contract/recordings.js';
import { DownloadError } from '../core/errors.js';
import { tooLargeError } from '../core/storage/stream-to-file.js';
import type { WorkerHost } from '../core/worker-host.js';

/** Where uploads land until they are added; emptied when the server starts (what a crash left). */
export const uploadFolderName = 'uploads';

class UploadRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The name the person's file had, without any folder part a client might send, for the meeting title. */
function fileNameOf(query: URLSearchParams): string {
  const raw = query.get('name') ?? '';
  const name = raw.split(/[\\/]/).pop()?.trim() ?? '';
  if (name === '' || name.length > 255) throw new UploadRefused(400, 'The upload needs the file name (?name=).');
  return name;
}

function optionsOf(query: URLSearchParams) {
  const speakers = query.get('speakers');
  const parsed = addRecordingsOptionsSchema.safeParse({
    title: query.get('title') ?? undefined,
    language: query.get('language') ?? undefined,
    expectedSpeakers: speakers === null ? undefined : Number(speakers),
  });
  if (!parsed.success) throw new UploadRefused(400, `Bad upload options: ${parsed.error.issues[0]?.message ?? ''}`);
  return parsed.data;
}

/** Counts the bytes going by and stops the copy as soon as they pass the cap. */
function sizeCap(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new UploadRefused(413, tooLargeError(seen, maxBytes).message));
      else callback(null, chunk);
    },
  });
}

async function receive(request: IncomingMessage, file: string, maxBytes: number): Promise<void> {
  const declared = Number(request.headers['content-length'] ?? Number.NaN);
  // A declared size over the cap is refused before a byte is written; chunked bodies are counted as they come.
  if (declared > maxBytes) throw new UploadRefused(413, tooLargeError(declared, maxBytes).message);
  await pipeline(request, sizeCap(maxBytes), createWriteStream(file, { flags: 'wx', mode: 0o600 }));
}

export interface RecordingUploads {
  /** Answers one request to the upload path; never throws. */
  handle(request: IncomingMessage, response: ServerResponse, pageHost: string, query: URLSearchParams): Promise<void>;
}

export async function recordingUploads(host: WorkerHost, token: string): Promise<RecordingUploads> {
  const folder = path.join(host.settings.dataDir, uploadFolderName);
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const maxBytes = host.settings.maxAudioMegabytes * 1024 * 1024;

  const accept = async (request: IncomingMessage, pageHost: string, query: URLSearchParams) => {
    if (request.method !== 'POST') throw new UploadRefused(405, 'Send the recording with POST.');
    // The token travels in a header, which a page from another site cannot set without this origin's consent.
    if (!bearerMatches(request.headers.authorization, token)) throw new UploadRefused(401, 'Wrong or missing token.');
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== `http://${pageHost}`) throw new UploadRefused(403, 'Wrong origin.');
    if (host.runtime.embedded === null) {
      throw new UploadRefused(409, 'In Supabase mode recordings are added by the web app, not uploaded here.');
    }
    const name = fileNameOf(query);
    const options = optionsOf(query);
    const extension = path
      .extname(name)
      .toLowerCase()
      .replace(/[^.a-z0-9]/g, '')
      .slice(0, 9);
    const file = path.join(folder, `${randomUUID()}${extension}`);
    try {
      await receive(request, file, maxBytes);
      const [added] = await host.addRecordings([{ file, name }], options);
      if (added === undefined) throw new DownloadError('The recording was not added.', false);
      return added;
    } finally {
      // The library keeps its own copy; the upload itself is never left behind.
      await rm(file, { force: true });
    }
  };

  return {
    async handle(request, response, pageHost, query) {
      let status = 200;
      let body: { ok: true; added: AddedRecording } | { ok: false; error: string };
      try {
        const added = await accept(request, pageHost, query);
        body = added.error === null ? { ok: true, added } : { ok: false, error: added.error };
        if (added.error !== null) status = 422;
      } catch (error) {
        status = error instanceof UploadRefused ? error.status : 500;
        body = { ok: false, error: error instanceof Error ? error.message : String(error) };
        if (status === 500) host.log.warn('upload failed', { error: body.error });
      }
      if (response.headersSent || response.destroyed) return;
      // A refused body may still be arriving: close the connection rather than read it to the end.
      response
        .writeHead(status, { 'content-type': 'application/json', ...(status === 200 ? {} : { connection: 'close' }) })
        .end(JSON.stringify(body));
    },
  };
}
