/**
 * The headless dashboard's audio route, `GET /meetings/<id>/audio?token=…`: one meeting's recording
 * with HTTP Range, so the page's player can seek without loading a 3-hour file. Only the recording
 * the library names for that meeting is served, never a path from the request.
 */
import { createReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pipeline } from 'node:stream/promises';

import { byteRangeHeaders, byteRangeStatus, readByteRange } from '../contract/byte-range.js';
import type { WorkerHost } from '../core/worker-host.js';

const audioRoute = /^\/meetings\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/audio$/;

/** The meeting id when the path is the audio route, else null. */
export function audioRouteMeeting(pathname: string): string | null {
  return audioRoute.exec(pathname)?.[1] ?? null;
}

export function meetingAudioPath(meetingId: string, token: string): string {
  return `/meetings/${meetingId}/audio?token=${encodeURIComponent(token)}`;
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
