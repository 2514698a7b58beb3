/**
 * A TCP proxy between a worker and the stack's gateway that can cut the network the way a partition
 * does: bytes are dropped, not refused. Nothing is answered, no connection is reset; the worker only
 * learns of it from its own request timeout (REQUEST_TIMEOUT_SECONDS).
 *
 * partitionOn(marker, side) arms one partition: when a request whose bytes contain `marker` (e.g.
 * 'POST /rest/v1/rpc/complete_meeting') passes, the partition starts either before the request reaches
 * the gateway (side 'request': the database never sees it) or after, on the first byte of its answer
 * (side 'reply': the database has committed, the worker never hears of it). The partition lasts
 * `lastsMs`; every byte sent in that time, on any connection, is dropped, and a connection that lost a
 * byte stays silent for good (as when a partition outlasts the request timeout). Connections that were
 * idle throughout, and new ones after it, work again.
 */
import { once } from 'node:events';
import { createServer, connect, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface PartitionProxy {
  /** Base URL to give the worker instead of the gateway's. */
  url: string;
  partitionOn(marker: string, side: 'request' | 'reply', lastsMs: number): void;
  /** Partitions that happened, and bytes dropped in them. */
  readonly stats: { partitions: number; droppedBytes: number };
  close(): Promise<void>;
}

interface Connection {
  client: Socket;
  upstream: Socket;
  /** Lost a byte: silent for good. */
  dead: boolean;
  /** The armed request went through on this connection: a partition this long starts with its answer. */
  replyPartitionMs: number | null;
}

export async function startPartitionProxy(targetUrl: string): Promise<PartitionProxy> {
  const target = new URL(targetUrl);
  const connections = new Set<Connection>();
  const stats = { partitions: 0, droppedBytes: 0 };
  let armed: { marker: string; side: 'request' | 'reply'; lastsMs: number } | null = null;
  let partitionedUntil = 0;

  const partitioned = () => Date.now() < partitionedUntil;
  const startPartition = (lastsMs: number) => {
    stats.partitions++;
    partitionedUntil = Date.now() + lastsMs;
  };
  const drop = (connection: Connection, chunk: Buffer) => {
    connection.dead = true;
    stats.droppedBytes += chunk.length;
  };

  const server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    const connection: Connection = { client, upstream, dead: false, replyPartitionMs: null };
    connections.add(connection);
    client.on('data', (chunk: Buffer) => {
      if (connection.dead || partitioned()) {
        drop(connection, chunk);
        return;
      }
      if (armed !== null && chunk.includes(armed.marker)) {
        const { side, lastsMs } = armed;
        armed = null;
        if (side === 'request') {
          startPartition(lastsMs);
          drop(connection, chunk);
          return;
        }
        connection.replyPartitionMs = lastsMs;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => {
      if (connection.replyPartitionMs !== null) {
        startPartition(connection.replyPartitionMs);
        connection.replyPartitionMs = null;
      }
      if (connection.dead || partitioned()) {
        drop(connection, chunk);
        return;
      }
      client.write(chunk);
    });
    // A closing side is passed on, unless the connection is silent: then nothing reaches the other end.
    upstream.on('end', () => {
      if (!connection.dead) client.end();
    });
    client.on('end', () => upstream.end());
    const forget = () => {
      connections.delete(connection);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget);
    client.on('error', forget);
    upstream.on('error', () => {
      if (!connection.dead) client.destroy();
    });
    upstream.on('close', () => {
      if (!connection.dead) client.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    partitionOn(marker, side, lastsMs) {
      armed = { marker, side, lastsMs };
    },
    stats,
    async close() {
      for (const connection of connections) {
        connection.client.destroy();
        connection.upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
