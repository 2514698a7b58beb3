/**
 * The headless dashboard's audio route, `GET /meetings/<id>/audio?token=…`: one meeting's recording
 * with HTTP Range, so the page's player can seek without loading a 3-hour file. Only the recording
 * the library names for that meeting is served, never a path from the request; in Supabase mode it
 * comes from Storage through a signed URL the page never sees.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';

import { byteRangeHeaders, byteRangeStatus, readByteRange } from '../contract/byte-range.js';
import { forwardedAudioHeaders, forwardedAudioStatus } from '../contract/forwarded-audio.js';
import type { MeetingAudio } from '../contract/meeting-edits.js';
import type { WorkerHost } from '../core/worker-host.js';

const audioRoute = /^\/meetings\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/audio$/;

/** The meeting id when the path is the audio route, else null. */
export function audioRouteMeeting(pathname: string): string | null {
  return audioRoute.exec(pathname)?.[1] ?? null;
}

export function meetingAudioPath(meetingId: string, token: string): string {
  return `/meetings/${meetingId}/audio?token=${encodeURIComponent(token)}`;
}

/** Supabase mode: the recording from Storage through its signed URL, the player's Range forwarded. */
async function forwardSignedAudio(
  audio: Extract<MeetingAudio, { kind: 'signed-url' }>,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const cancel = new AbortController();
  // A player that seeks drops its request: the upstream download stops with it.
  response.on('close', () => cancel.abort());
  const upstream = await fetch(audio.url, {
    method: request.method === 'HEAD' ? 'HEAD' : 'GET',
    headers: request.headers.range === undefined ? {} : { range: request.headers.range },
    signal: cancel.signal,
  }).catch(() => null);
  const status = upstream === null ? 502 : forwardedAudioStatus(upstream.status);
  if (upstream === null || status === 404 || upstream.body === null || request.method === 'HEAD') {
    const headers =
      upstream === null ? {} : forwardedAudioHeaders((name) => upstream.headers.get(name), audio.mimeType);
    response.writeHead(status, { ...(status === 404 ? {} : headers), 'x-content-type-options': 'nosniff' }).end();
    await upstream?.body?.cancel().catch(() => undefined);
    return;
  }
  response.writeHead(status, {
    ...forwardedAudioHeaders((name) => upstream.headers.get(name), audio.mimeType),
    'x-content-type-options': 'nosniff',
  });
  await pipeline(Readable.fromWeb(upstream.body as NodeReadableStream<Uint8Array>), response).catch(() =>
    response.destroy(),
  );
}

export async function serveMeetingAudio(
  host: WorkerHost,
  meetingId: string,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const file = await host.handle({ type: 'meeting-audio', meetingId });
  if (file === null) {
    response.writeHead(404).end();
    return;
  }
  if (file.kind === 'signed-url') {
    await forwardSignedAudio(file, request, response);
    return;
  }
  const answer = readByteRange(request.headers.range, file.size);
  response.writeHead(byteRangeStatus(answer), {
    ...byteRangeHeaders(answer, file.size, file.mimeType),
    'x-content-type-options': 'nosniff',
  });
  if (answer.kind === 'unsatisfiable' || request.method === 'HEAD' || file.size === 0) {
    response.end();
    return;
  }
  const range = answer.kind === 'partial' ? { start: answer.start, end: answer.end } : {};
  // A player that seeks drops its request mid-stream: that ends the pipeline, not the server.
  await pipeline(createReadStream(file.path, range), response).catch(() => response.destroy());
}
