import { createReadStream, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/**
 * A stand-in for the Hugging Face Hub, which these machines cannot reach. It follows the contract the
 * model store uses: `GET /<org>/<model>/resolve/<revision>/<path>` answers 404, or, for a file the
 * Hub keeps in LFS (every .onnx), a 302 to its CDN copy (the Hub's `X-Linked-Size` and `ETag` beside
 * it), else 200 with the bytes. Both honour `Range: bytes=<from>-` as the Hub and its CDN do: 206 with
 * `Content-Range: bytes <from>-<last>/<size>`, or 416 past the end. `serve` maps `<org>/<model>/<path>`
 * to bytes, or to a file on disk; every request is recorded with its Range header.
 */
export interface FakeHub {
  url: string;
  requests: string[];
  /** The Range header of each request ('' when none), in order. */
  ranges: string[];
  /** Ends the connection of the next answer for `key` after `bytes` bytes of its body (a dropped download). */
  dropNextAfter(key: string, bytes: number): void;
  /** Holds every answer back (requests are still recorded) until release(). */
  hold(): void;
  release(): void;
  close(): Promise<void>;
}

export type HubFile = Uint8Array | { file: string } | undefined;

function bytesOf(found: Exclude<HubFile, undefined>): Uint8Array {
  return found instanceof Uint8Array ? found : readFileSync(found.file);
}

export async function startFakeHub(serve: (key: string) => HubFile): Promise<FakeHub> {
  const requests: string[] = [];
  const ranges: string[] = [];
  const drops = new Map<string, number>();
  let held: Array<() => void> | null = null;

  const answer = (request: IncomingMessage, response: ServerResponse, key: string, body: Uint8Array): void => {
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? '');
    const from = range === null ? 0 : Number(range[1]);
    if (from > 0 && from >= body.length) {
      response.writeHead(416, { 'Content-Range': `bytes */${String(body.length)}` }).end();
      return;
    }
    const part = body.subarray(from);
    const headers = { 'Content-Length': String(part.length), 'Accept-Ranges': 'bytes', ETag: `"${key}"` };
    if (range === null) response.writeHead(200, headers);
    else {
      const contentRange = `bytes ${String(from)}-${String(body.length - 1)}/${String(body.length)}`;
      response.writeHead(206, { ...headers, 'Content-Range': contentRange });
    }
    const drop = drops.get(key);
    if (drop === undefined) return void response.end(part);
    drops.delete(key);
    response.write(part.subarray(0, drop), () => response.destroy());
  };

  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    ranges.push(request.headers.range ?? '');
    if (held === null) route(request, response);
    else held.push(() => route(request, response));
  });
  const route = (request: IncomingMessage, response: ServerResponse): void => {
    const url = request.url ?? '';
    const cdn = /^\/cdn\/(.+)$/.exec(url);
    const resolve = /^\/(.+?\/.+?)\/resolve\/[^/]+\/(.+)$/.exec(url);
    const key =
      cdn !== null
        ? decodeURIComponent(cdn[1] ?? '')
        : resolve === null
          ? ''
          : `${resolve[1] ?? ''}/${resolve[2] ?? ''}`;
    const found = key === '' ? undefined : serve(key);
    if (found === undefined) return void response.writeHead(404).end();
    if (resolve !== null && key.endsWith('.onnx')) {
      const size = found instanceof Uint8Array ? found.length : bytesOf(found).length;
      const location = `/cdn/${encodeURIComponent(key)}`;
      return void response
        .writeHead(302, { Location: location, 'X-Linked-Size': String(size), ETag: `"${key}"` })
        .end();
    }
    if (found instanceof Uint8Array || request.headers.range !== undefined || drops.has(key)) {
      answer(request, response, key, bytesOf(found));
      return;
    }
    createReadStream(found.file)
      .on('error', () => response.writeHead(404).end())
      .once('open', () => response.writeHead(200))
      .pipe(response);
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    ranges,
    dropNextAfter: (key, bytes) => drops.set(key, bytes),
    hold: () => (held ??= []),
    release: () => {
      const waiting = held ?? [];
      held = null;
      for (const answer of waiting) answer();
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
