/**
 * Dashboard abuse (issue 15): a real `pc-worker serve --dashboard` process on the embedded queue gets
 * FAULT_ABUSE_REQUESTS malformed HTTP requests (default 10,000) and FAULT_ABUSE_FRAMES malformed
 * WebSocket frames (default 10,000) from raw sockets, 32 at a time. It must stay up (checked after
 * every batch: the page loads, the process lives), answer each with a refusal or drop only that socket,
 * and keep its memory flat: resident set size after the storm against after a warm-up round.
 */
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildRenderer } from '../e2e/renderer-build.js';
import { clientFrame, rawExchange, statusOf } from '../support/raw-client.js';
import { startWorkerProcess, stopWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

import { httpCase, protocolFrameCase, seededRandom, textFrameCase } from './support/abuse-corpus.js';
import { faultLeaseSeconds, waitForOutput } from './support/fault-bed.js';
import { tallyOutcomes, writeResultsSection, type ScenarioTally } from './support/results-report.js';

const requestCount = Number(process.env['FAULT_ABUSE_REQUESTS'] ?? 10_000);
const frameCount = Number(process.env['FAULT_ABUSE_FRAMES'] ?? 10_000);
const parallel = 32;
/** Text frames sent on one socket before the protocol-breaking frame that ends it. */
const framesPerSocket = 24;
const seed = 15;
const results: ScenarioTally[] = [];

type Outcome = 'completed' | 'failed-right' | 'lost';

/** Resident set size of a process, in MB (VmRSS). */
const rssMb = (pid: number): number =>
  Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${String(pid)}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/**
 * Sends raw bytes; resolves with the first response head, '' if the server closed without one, or null
 * if it neither answered nor closed within 3 s. A case that hangs up is not waited for.
 */
function exchange(port: number, bytes: Buffer, hangUp: boolean): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const done = (answer: string | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => done(null), 3_000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n\r\n')) done(received);
    });
    socket.on('error', () => done(received));
    socket.on('close', () => done(received));
    socket.write(bytes, () => {
      if (hangUp) done('');
    });
  });
}

/**
 * One WebSocket: the handshake, `texts` (each must get a response frame), then `breaker` (the server
 * must send a close frame or drop the socket). Resolves with the error replies counted and how it ended.
 */
function session(
  port: number,
  token: string,
  texts: Buffer[],
  breaker: Buffer,
): Promise<{ replies: number; closed: boolean }> {
  const handshake =
    `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let buffer = Buffer.alloc(0);
    let upgraded = false;
    let replies = 0;
    let closed = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ replies, closed });
    };
    const timer = setTimeout(done, 10_000);
    socket.on('data', (chunk: Buffer) => {
      buffer = Buffer.concat([buffer, chunk]);
      if (!upgraded) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        upgraded = buffer.subarray(0, 12).toString('latin1') === 'HTTP/1.1 101';
        buffer = buffer.subarray(end + 4);
        if (!upgraded) {
          done();
          return;
        }
        socket.write(Buffer.concat(texts));
      }
      // Server frames are unmasked: opcode, a 7/16/64-bit length, the payload.
      for (;;) {
        if (buffer.length < 2) return;
        const opcode = (buffer[0] ?? 0) & 0x0f;
        let length = (buffer[1] ?? 0) & 0x7f;
        let offset = 2;
        if (length === 126) {
          if (buffer.length < 4) return;
          length = buffer.readUInt16BE(2);
          offset = 4;
        } else if (length === 127) {
          if (buffer.length < 10) return;
          length = Number(buffer.readBigUInt64BE(2));
          offset = 10;
        }
        if (buffer.length < offset + length) return;
        const payload = buffer.subarray(offset, offset + length).toString('utf8');
        buffer = buffer.subarray(offset + length);
        if (opcode === 0x8) {
          closed = true;
          done();
          return;
        }
        if (opcode === 0x1 && payload.includes('"kind":"response"') && payload.includes('"ok":false')) replies++;
        if (replies === texts.length) socket.write(breaker);
      }
    });
    socket.on('error', done);
    socket.on('close', () => {
      closed = true;
      done();
    });
    socket.write(handshake);
  });
}

/** Runs `work` for every index, `parallel` at a time, checking `alive` after each batch. */
async function inBatches<T>(count: number, work: (index: number) => Promise<T>, alive: () => Promise<void>) {
  const out: T[] = [];
  for (let start = 0; start < count; start += parallel * 10) {
    const end = Math.min(count, start + parallel * 10);
    for (let index = start; index < end; index += parallel) {
      const batch = Array.from({ length: Math.min(parallel, end - index) }, (_, offset) => work(index + offset));
      out.push(...(await Promise.all(batch)));
    }
    await alive();
  }
  return out;
}

describe('the headless dashboard under a storm of malformed requests and frames', { timeout: 600_000 }, () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-abuse-'));
  let worker: WorkerProcess;
  let port = 0;
  let token = '';
  let pid = 0;
  const rss: { warm: number; afterHttp: number; afterFrames: number } = { warm: 0, afterHttp: 0, afterFrames: 0 };
  let probes = 0;

  /** The process lives and its page still loads. */
  const alive = async () => {
    probes++;
    expect(worker.child.exitCode).toBeNull();
    expect(
      statusOf(
        await rawExchange(port, `GET / HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\nConnection: close\r\n\r\n`),
      ),
    ).toBe('200');
  };

  beforeAll(async () => {
    await buildRenderer();
    worker = startWorkerProcess(
      {
        PC_WORKER_DATA_DIR: path.join(dir, 'data'),
        AUDIO_TEMP_DIR: path.join(dir, 'temp'),
        LOG_DIR: path.join(dir, 'logs'),
        LEASE_SECONDS: String(faultLeaseSeconds),
        WORKER_ID: 'abuse',
      },
      ['serve', '--dashboard', '--port', '0'],
    );
    const [, address = ''] = await waitForOutput(
      worker,
      /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
      120_000,
    );
    const url = new URL(address);
    port = Number(url.port);
    token = url.searchParams.get('token') ?? '';
    pid = worker.child.pid ?? 0;
    // Measured once the worker has finished starting (its model loaded), not while it still grows.
    await waitForOutput(worker, /worker started/, 120_000);
  });

  afterAll(async () => {
    writeResultsSection(
      'dashboard-abuse',
      'Dashboard abuse: malformed HTTP requests and WebSocket frames',
      results,
      `One real \`pc-worker serve --dashboard\` process (embedded queue), raw sockets ${parallel} at a time, cases drawn ` +
        `from a seeded generator (seed ${seed}). "failed with the right reason" = refused (4xx), dropped without an answer, an error reply, ` +
        `or only that socket closed; "completed" = an odd but readable request line served the public page; "lost" = ` +
        `any other answer (5xx, another page) or a socket left hanging 3 s. ` +
        `The page was loaded after every ${parallel * 10} cases (${probes} probes).`,
    );
    await stopWorkerProcess(worker, 'SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every malformed HTTP request and keeps serving, with flat memory', async () => {
    const random = seededRandom(seed);
    const send = async (): Promise<{ kind: string; outcome: Outcome }> => {
      const request = httpCase(random, port, token);
      const response = await exchange(port, request.bytes, request.hangUp);
      const status = statusOf(response ?? '');
      // Refused (4xx), or the connection dropped without an answer: what a malformed request deserves.
      if (response === '' || /^4\d\d$/.test(status)) return { kind: request.kind, outcome: 'failed-right' };
      // llhttp reads a few odd request lines leniently (no version, two spaces): the public page, as for
      // any visitor; it holds no token.
      const publicPage =
        status === '200' && /^[A-Z]+ +\/(\?[^ \r]*)? *(HTTP\/1\.1)?\r\n/.test(request.bytes.toString('latin1'));
      return { kind: `${request.kind} (${status || 'no answer'})`, outcome: publicPage ? 'completed' : 'lost' };
    };
    // A warm-up round first, so that the measured growth is not the server's first allocations.
    await inBatches(1_000, send, alive);
    rss.warm = rssMb(pid);
    const cases = await inBatches(requestCount, send, alive);
    rss.afterHttp = rssMb(pid);
    const byKind = new Map<string, number>();
    for (const { kind, outcome } of cases) if (outcome === 'lost') byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
    const result = tallyOutcomes(
      'malformed HTTP requests (targets, Host, request line, random bytes, huge headers, cut short, bad upgrades)',
      cases.map((entry) => entry.outcome),
      `RSS ${rss.warm.toFixed(1)} MB after a 1,000-request warm-up, ${rss.afterHttp.toFixed(1)} MB after; ` +
        `process alive; ${String(cases.filter((entry) => entry.outcome === 'completed').length)} odd lines read leniently as a request for the public page; lost: ${byKind.size === 0 ? 'none' : [...byKind].map(([kind, n]) => `${kind} ${String(n)}`).join(', ')}`,
    );
    results.push(result);
    expect([...byKind]).toEqual([]);
    expect(rss.afterHttp - rss.warm).toBeLessThan(40);
  });

  it('answers malformed text frames with error replies and drops only a socket that breaks the protocol', async () => {
    const random = seededRandom(seed + 1);
    const sessions = Math.ceil(frameCount / (framesPerSocket + 1));
    const before = rssMb(pid);
    const runs = await inBatches(
      sessions,
      async () => {
        const texts = Array.from({ length: framesPerSocket }, () => textFrameCase(random));
        const breaker = protocolFrameCase(random);
        return { ...(await session(port, token, texts, breaker.frame)), kind: breaker.kind };
      },
      alive,
    );
    rss.afterFrames = rssMb(pid);
    const outcomes: Outcome[] = runs.flatMap((run) => [
      ...Array.from({ length: framesPerSocket }, (_, index): Outcome =>
        index < run.replies ? 'failed-right' : 'lost',
      ),
      run.closed ? 'failed-right' : 'lost',
    ]);
    const unanswered = runs.filter((run) => run.replies < framesPerSocket || !run.closed).map((run) => run.kind);
    results.push(
      tallyOutcomes(
        'malformed WebSocket frames (bad JSON and requests; invalid UTF-8, reserved opcodes, RSV bits, unmasked, 2 MiB, bad control frames)',
        outcomes,
        `${String(sessions)} sockets of ${String(framesPerSocket)} text frames and one protocol-breaking frame; ` +
          `RSS ${before.toFixed(1)} MB before, ${rss.afterFrames.toFixed(1)} MB after; process alive; ` +
          `sockets not answered in full: ${String(unanswered.length)}`,
      ),
    );
    expect(unanswered).toEqual([]);
    expect(rss.afterFrames - before).toBeLessThan(40);
    // A real client still gets its answer.
    const probe = await session(port, token, [clientFrame(0x81, Buffer.from('{'))], clientFrame(0x88, Buffer.alloc(0)));
    expect(probe.replies).toBe(1);
  });
});
