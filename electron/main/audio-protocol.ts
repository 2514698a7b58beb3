/**
 * The desktop app's audio player source: `pcw-audio://meeting/<id>` answers with that meeting's
 * recording and nothing else (the worker names the file, or in Supabase mode a signed Storage URL
 * fetched here; the URL carries only a meeting id), with HTTP Range so the player seeks. Written against the web Request/Response that Electron's
 * protocol.handle uses, so it is tested in plain Node (tests/unit/main/audio-protocol.test.ts).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

import { byteRangeHeaders, byteRangeStatus, readByteRange } from '../contract/byte-range.js';
import { forwardedAudioHeaders, forwardedAudioStatus } from '../contract/forwarded-audio.js';
import type { MeetingAudio } from '../contract/meeting-edits.js';

export const audioScheme = 'pcw-audio';

/** How protocol.registerSchemesAsPrivileged must see the scheme before the app is ready (seekable media). */
export const audioSchemePrivileges = {
  scheme: audioScheme,
  privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true },
} as const;

const meetingUrl = /^pcw-audio:\/\/meeting\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\/?$/;

export function meetingAudioUrl(meetingId: string): string {
  return `${audioScheme}://meeting/${meetingId}`;
}

/** The part of Electron's `protocol` the composition root passes in. */
export interface ProtocolLike {
  handle(scheme: string, handler: (request: Request) => Promise<Response>): void;
}

/** Supabase mode: the recording from Storage through its signed URL, the player's Range forwarded. */
async function forwardSignedAudio(
  audio: Extract<MeetingAudio, { kind: 'signed-url' }>,
  request: Request,
): Promise<Response> {
  const range = request.headers.get('range');
  const upstream = await fetch(audio.url, {
    method: request.method === 'HEAD' ? 'HEAD' : 'GET',
    headers: range === null ? {} : { range },
    signal: request.signal,
  }).catch(() => null);
  if (upstream === null) return new Response(null, { status: 502 });
  const status = forwardedAudioStatus(upstream.status);
  if (status === 404) {
    await upstream.body?.cancel().catch(() => undefined);
    return new Response(null, { status });
  }
  const headers = forwardedAudioHeaders((name) => upstream.headers.get(name), audio.mimeType);
  return new Response(request.method === 'HEAD' ? null : upstream.body, { status, headers });
}

export function audioProtocolHandler(
  findAudio: (meetingId: string) => Promise<MeetingAudio | null>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const meetingId = meetingUrl.exec(request.url)?.[1];
    if (meetingId === undefined) return new Response(null, { status: 404 });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = await findAudio(meetingId).catch(() => null);
    if (file === null) return new Response(null, { status: 404 });
    if (file.kind === 'signed-url') return forwardSignedAudio(file, request);
    const answer = readByteRange(request.headers.get('range'), file.size);
    const headers = byteRangeHeaders(answer, file.size, file.mimeType);
    const status = byteRangeStatus(answer);
    if (answer.kind === 'unsatisfiable' || request.method === 'HEAD' || file.size === 0)
      return new Response(null, { status, headers });
    const range = answer.kind === 'partial' ? { start: answer.start, end: answer.end } : {};
    const body = Readable.toWeb(createReadStream(file.path, range)) as ReadableStream<Uint8Array>;
    return new Response(body, { status, headers });
  };
}

export function registerAudioProtocol(
  protocol: ProtocolLike,
  findAudio: (meetingId: string) => Promise<MeetingAudio | null>,
): void {
  protocol.handle(audioScheme, audioProtocolHandler(findAudio));
}
