/**
 * The desktop app's audio player source: `pcw-audio://meeting/<id>` answers with that meeting's
 * recording and nothing else (the worker names the file; the URL carries only a meeting id), with
 * HTTP Range so the player seeks. Written against the web Request/Response that Electron's
 * protocol.handle uses, so it is tested in plain Node (tests/unit/main/audio-protocol.test.ts).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

import { byteRangeHeaders, byteRangeStatus, readByteRange } from '../contract/byte-range.js';
import type { MeetingAudioFile } from '../contract/meeting-edits.js';

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

export function audioProtocolHandler(
  findAudio: (meetingId: string) => Promise<MeetingAudioFile | null>,
): (request: Request) => Promise<Response> {
  return async (request) => {
    const meetingId = meetingUrl.exec(request.url)?.[1];
    if (meetingId === undefined) return new Response(null, { status: 404 });
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = await findAudio(meetingId).catch(() => null);
    if (file === null) return new Response(null, { status: 404 });
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
  findAudio: (meetingId: string) => Promise<MeetingAudioFile | null>,
): void {
  protocol.handle(audioScheme, audioProtocolHandler(findAudio));
}
