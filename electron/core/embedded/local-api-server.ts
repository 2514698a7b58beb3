import { randomBytes, timingSafeEqual } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';

import { z } from 'zod';

import { addRecordingRequestSchema, listMeetingsRequestSchema, type LocalLibrary } from '../../contract/library.js';

/** Where the owner of a data folder says how to reach it: address and token, readable by its user only. */
export const localApiFileName = 'local-api.json';

export interface LocalApiAddress {
  url: string;
  token: string;
  pid: number;
}

/** The operations, each with the schema its JSON body must pass. */
const routes = {
  'add-recording': addRecordingRequestSchema,
  'list-meetings': listMeetingsRequestSchema,
  'get-meeting': z.object({ meetingId: z.uuid() }),
} as const;
export type LocalApiRoute = keyof typeof routes;

const maxBodyBytes = 64 * 1024;

function sameToken(header: string | undefined, token: string): boolean {
  const given = Buffer.from(header?.replace(/^Bearer /, '') ?? '');
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function dispatch(library: LocalLibrary, route: LocalApiRoute, body: unknown): Promise<unknown> {
  switch (route) {
    case 'add-recording':
      return library.addRecording(routes[route].parse(body));
    case 'list-meetings':
      return library.listMeetings(routes[route].parse(body));
    case 'get-meeting':
      return library.getMeeting(routes[route].parse(body).meetingId);
  }
}

export interface LocalApiServer {
  address: LocalApiAddress;
  close(): Promise<void>;
}

/**
 * The data folder owner's local API: the CLI's `enqueue`, `list`, `show` and `export` reach the open
 * database through it instead of opening it a second time. 127.0.0.1 only, a bearer token from a
 * 0600 file in the data folder, JSON bodies validated at the edge.
 */
export async function startLocalApiServer(dataDir: string, library: LocalLibrary): Promise<LocalApiServer> {
  const token = randomBytes(24).toString('base64url');
  const server = createServer((request, response) => {
    const route = request.url?.replace(/^\/v1\//, '') ?? '';
    if (request.method !== 'POST' || !Object.hasOwn(routes, route)) {
      send(response, 404, { error: 'no such route' });
      return;
    }
    if (!sameToken(request.headers.authorization, token)) {
      send(response, 401, { error: 'wrong token' });
      return;
    }
    readBody(request)
      .then((body) => dispatch(library, route as LocalApiRoute, body))
      .then(
        (value) => send(response, 200, { ok: true, value: value ?? null }),
        (error: unknown) =>
          send(response, error instanceof z.ZodError ? 400 : 200, {
            ok: false,
            error: error instanceof Error ? error.message : String(error),
          }),
      );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const port = (server.address() as { port: number }).port;
  const address: LocalApiAddress = { url: `http://127.0.0.1:${port}`, token, pid: process.pid };
  const file = path.join(dataDir, localApiFileName);
  // Written whole under another name, then renamed: a reader never sees half a file.
  writeFileSync(`${file}.${process.pid}`, JSON.stringify(address), { mode: 0o600 });
  renameSync(`${file}.${process.pid}`, file);
  return {
    address,
    async close() {
      rmSync(file, { force: true });
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
