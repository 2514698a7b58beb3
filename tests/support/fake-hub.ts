import { createReadStream } from 'node:fs';
import { createServer, type Server } from 'node:http';

/**
 * A stand-in for the Hugging Face Hub, which these machines cannot reach. It follows the one contract
 * the model store uses: `GET /<org>/<model>/resolve/<revision>/<path>` answers 200 with the file's
 * bytes, or 404. `serve` maps `<org>/<model>/<path>` to bytes, or to a file on disk to stream;
 * every request path is recorded.
 */
export interface FakeHub {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export type HubFile = Uint8Array | { file: string } | undefined;

export async function startFakeHub(serve: (key: string) => HubFile): Promise<FakeHub> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    requests.push(request.url ?? '');
    const match = /^\/(.+?\/.+?)\/resolve\/[^/]+\/(.+)$/.exec(request.url ?? '');
    const found = match === null ? undefined : serve(`${match[1] ?? ''}/${match[2] ?? ''}`);
    if (found === undefined) return void response.writeHead(404).end();
    if (found instanceof Uint8Array) return void response.writeHead(200).end(found);
    createReadStream(found.file)
      .on('error', () => response.writeHead(404).end())
      .once('open', () => response.writeHead(200))
      .pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    url: `http://127.0.0.1:${String(port)}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
