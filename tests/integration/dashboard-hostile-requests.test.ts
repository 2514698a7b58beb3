/**
 * The headless dashboard listens on 127.0.0.1, where any web page in a browser on this machine can reach
 * it. Each request below once ended the whole worker (an unhandled rejection or an 'error' event nobody
 * listened to); now each gets an answer or loses its own socket, and the server keeps serving.
 * Real server module, real embedded queue, raw sockets (no client library to tidy the bytes up).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';

import { startDashboardServer, type DashboardServer } from '../../electron/cli/dashboard-server.js';
import { offlineSettings } from '../support/offline-settings.js';
import { clientFrame, rawExchange, rawWebSocket, statusOf } from '../support/raw-client.js';

describe('the headless dashboard under hostile requests', () => {
  let dir = '';
  let dashboard: DashboardServer;
  let port = 0;
  let token = '';

  const get = (target: string, host = `127.0.0.1:${String(port)}`, extra = '') =>
    rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extra}Connection: close\r\n\r\n`);

  /** The page still loads and a real WebSocket call still gets its answer. */
  async function stillServing(): Promise<void> {
    expect(statusOf(await get('/'))).toBe('200');
    const socket = new WebSocket(`ws://127.0.0.1:${String(port)}/ws?token=${token}`);
    const reply = await new Promise<string>((resolve, reject) => {
      socket.on('open', () => socket.send(JSON.stringify({ kind: 'request', id: 7, method: 'getSnapshot', args: [] })));
      socket.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        if (text.includes('"kind":"response"')) resolve(text);
      });
      socket.on('error', reject);
    });
    socket.close();
    expect(JSON.parse(reply)).toMatchObject({ kind: 'response', id: 7, ok: true });
  }

  /** One WorkerApi call over a real WebSocket, as the page makes it. */
  async function call(method: string, args: unknown[]): Promise<{ ok: boolean; value?: unknown }> {
    const socket = new WebSocket(`ws://127.0.0.1:${String(port)}/ws?token=${token}`);
    const reply = await new Promise<string>((resolve, reject) => {
      socket.on('open', () => socket.send(JSON.stringify({ kind: 'request', id: 9, method, args })));
      socket.on('message', (data: Buffer) => {
        const text = data.toString('utf8');
        if (text.includes('"kind":"response"')) resolve(text);
      });
      socket.on('error', reject);
    });
    socket.close();
    return JSON.parse(reply) as { ok: boolean; value?: unknown };
  }

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-dash-hostile-'));
    const rendererDir = path.join(dir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(path.join(rendererDir, 'index.html'), '<!doctype html><title>dashboard</title>');
    dashboard = await startDashboardServer(offlineSettings(dir), {
      port: 0,
      settingsFile: path.join(dir, 'settings.json'),
      rendererDir,
    });
    const url = new URL(dashboard.url);
    port = Number(url.port);
    token = url.searchParams.get('token') ?? '';
  });
  afterAll(async () => {
    await dashboard.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 400 to a broken percent-escape (GET /%zz) and to targets that are not a path', async () => {
    for (const target of ['/%zz', '/%', '/%E0%A4%A', '/a%00b', '/%0d%0aSet-Cookie:x', '*']) {
      expect(statusOf(await get(target)), target).toBe('400');
    }
    // `//[` once made `new URL()` throw; now it is just a path no file has.
    expect(statusOf(await get('//['))).toBe('404');
    await stillServing();
  });

  it('answers a raw upgrade to //[ without dying, and refuses a socket to a foreign Host or Origin', async () => {
    const upgrade = (target: string, host: string, origin = '') =>
      get(
        target,
        host,
        `${origin}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\nSec-WebSocket-Version: 13\r\n`,
      );
    const local = `127.0.0.1:${String(port)}`;
    expect(statusOf(await upgrade('//[', local))).toBe('401');
    expect(statusOf(await upgrade('/ws?token=%zz', local))).toBe('401');
    expect(statusOf(await upgrade(`/ws?token=${token}`, 'evil.example'))).toBe('401');
    expect(statusOf(await upgrade(`/ws?token=${token}`, local, 'Origin: http://evil.example\r\n'))).toBe('401');
    expect(statusOf(await upgrade(`/ws?token=${token}`, local))).toBe('101');
    await stillServing();
  });

  it('serves only under 127.0.0.1, localhost or [::1] with its port (421 otherwise: DNS rebinding)', async () => {
    expect(statusOf(await get('/', 'evil.example'))).toBe('421');
    expect(statusOf(await get('/', `evil.example:${String(port)}`))).toBe('421');
    expect(statusOf(await get('/', '127.0.0.1'))).toBe('421');
    expect(statusOf(await get('/', `127.0.0.1:${String(port + 1)}`))).toBe('421');
    expect(statusOf(await rawExchange(port, 'GET / HTTP/1.0\r\n\r\n'))).toBe('400');
    for (const host of [`localhost:${String(port)}`, `[::1]:${String(port)}`, `LOCALHOST:${String(port)}`]) {
      const response = await get('/', host);
      expect(statusOf(response), host).toBe('200');
    }
    // The page's CSP lets its socket go back to the Host it was loaded from.
    expect(await get('/', `localhost:${String(port)}`)).toMatch(
      new RegExp(`connect-src 'self' ws://localhost:${String(port)};`),
    );
  });

  it('drops only the client that sends an oversized, invalid UTF-8, reserved-opcode or unmasked frame', async () => {
    const frames = {
      oversized: clientFrame(0x81, Buffer.alloc(16), 2 * 1024 * 1024),
      invalidUtf8: clientFrame(0x81, Buffer.from([0xff, 0xfe, 0xfd])),
      reservedOpcode: clientFrame(0x83, Buffer.from('x')),
      rsvBits: clientFrame(0xf1, Buffer.from('x')),
      fragmentedPing: clientFrame(0x09, Buffer.from('x')),
      unmasked: Buffer.from([0x81, 0x01, 0x78]),
    };
    for (const [name, frame] of Object.entries(frames)) {
      const response = await rawWebSocket(port, token, frame);
      expect(statusOf(response), name).toBe('101');
      // ws answers a protocol error with a close frame (0x88) before it drops the socket.
      expect(response.slice(response.indexOf('\r\n\r\n') + 4).charCodeAt(0), name).toBe(0x88);
    }
    await stillServing();
  });

  it('answers a frame that is not a request with an error reply, not a crash', async () => {
    const socket = new WebSocket(`ws://127.0.0.1:${String(port)}/ws?token=${token}`);
    const replies: unknown[] = [];
    await new Promise<void>((resolve, reject) => {
      socket.on('open', () => {
        for (const text of [
          '{',
          'null',
          '{"kind":"request","id":1,"method":"constructor","args":[]}',
          '{"kind":"request","id":2,"method":"pause"}',
        ])
          socket.send(text);
      });
      socket.on('message', (data: Buffer) => {
        const parsed: unknown = JSON.parse(data.toString('utf8'));
        if ((parsed as { kind?: string }).kind === 'response') replies.push(parsed);
        if (replies.length === 4) resolve();
      });
      socket.on('error', reject);
    });
    socket.close();
    expect(replies.every((reply) => !(reply as { ok: boolean }).ok)).toBe(true);
    await stillServing();
  });

  it('sends the saved key only to the origin it was saved with (a page cannot test a new URL with it)', async () => {
    const seen = new Map<string, string[]>();
    const listen = async (name: string) => {
      const server = createServer((request, response) => {
        seen.set(name, [
          ...(seen.get(name) ?? []),
          `${String(request.headers['apikey'] ?? '')} ${request.headers.authorization ?? ''}`,
        ]);
        response.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { server, url: `http://127.0.0.1:${String((server.address() as AddressInfo).port)}` };
    };
    const home = await listen('home');
    const stranger = await listen('stranger');
    const key = 'eyJhbGciOiJIUzI1NiJ9.saved-service-role-key.signature';
    const form = { workerId: 'w', workerName: 'W', audioTempDir: path.join(dir, 'a'), supabaseUrl: home.url };
    expect(await call('saveSettings', [{ ...form, newSupabaseKey: key }])).toMatchObject({ value: { ok: true } });
    expect(await call('saveSettings', [{ ...form, supabaseUrl: stranger.url }])).toMatchObject({
      value: { ok: false, issues: [{ field: 'newSupabaseKey' }] },
    });
    await call('testConnection', [{ supabaseUrl: stranger.url, storageBucket: 'meeting-audio' }]);
    await call('testConnection', [{ supabaseUrl: home.url, storageBucket: 'meeting-audio' }]);
    home.server.close();
    stranger.server.close();
    expect((seen.get('stranger') ?? []).join('\n')).not.toContain(key);
    expect((seen.get('home') ?? []).join('\n')).toContain(key);
  });
});
