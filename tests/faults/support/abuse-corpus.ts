/**
 * Malformed HTTP requests and WebSocket frames for the headless dashboard, drawn from a seeded generator
 * so that a failing case can be replayed. Each HTTP case is raw bytes (no client library to tidy them
 * up); WebSocket cases are either text frames a page could send (each must get an error reply) or frames
 * that break the protocol (the server must drop that one socket).
 */
import { randomBytes } from 'node:crypto';

import { clientFrame } from '../../support/raw-client.js';

/** mulberry32: a small seeded generator, enough to pick cases reproducibly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: () => number, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

export interface HttpCase {
  kind: string;
  bytes: Buffer;
  /** The client hangs up after sending (a request cut short): no answer is awaited. */
  hangUp: boolean;
}

/** One malformed HTTP request against the dashboard on `port` (token: its real one, for near misses). */
export function httpCase(random: () => number, port: number, token: string): HttpCase {
  const host = `127.0.0.1:${String(port)}`;
  const request = (line: string, headers: string) => Buffer.from(`${line}\r\n${headers}\r\n`, 'latin1');
  const kinds: Array<() => HttpCase> = [
    () => {
      const target = pick(random, [
        '/%zz',
        '/%',
        '/%E0%A4%A',
        '/a%00b',
        '/%0d%0aSet-Cookie:x',
        '//[',
        '/..%2f..%2fetc/passwd',
        '/%c0%ae%c0%ae/',
        `/${'a/'.repeat(2000)}`,
        '/?token=%zz',
        '/meetings/%00/audio?token=x',
        '/meetings/../../x/audio',
      ]);
      return {
        kind: 'bad target',
        bytes: request(`GET ${target} HTTP/1.1`, `Host: ${host}\r\nConnection: close\r\n`),
        hangUp: false,
      };
    },
    () => {
      const hostHeader = pick(random, [
        'evil.example',
        `evil.example:${String(port)}`,
        '127.0.0.1',
        '',
        'a'.repeat(5000),
        '127.0.0.1:0',
        '[::1',
        `127.0.0.1:${String(port)}\u0000`,
      ]);
      return {
        kind: 'bad Host',
        bytes: request('GET / HTTP/1.1', `Host: ${hostHeader}\r\nConnection: close\r\n`),
        hangUp: false,
      };
    },
    () => {
      const line = pick(random, [
        'BREW / HTTP/1.1',
        'GET / HTTP/9.9',
        'GET /',
        'GET  / HTTP/1.1',
        '\u0000\u0001\u0002',
        'GET / HTTP/1.1 extra',
        'POST /ws HTTP/1.1',
        'DELETE /settings HTTP/1.1',
        'CONNECT 127.0.0.1:22 HTTP/1.1',
        'GET http://evil.example/ HTTP/1.1',
      ]);
      return {
        kind: 'bad request line',
        bytes: request(line, `Host: ${host}\r\nConnection: close\r\n`),
        hangUp: false,
      };
    },
    () => ({
      kind: 'random bytes',
      bytes: Buffer.concat([randomBytes(1 + Math.floor(random() * 512)), Buffer.from('\r\n\r\n')]),
      hangUp: false,
    }),
    () => ({
      kind: 'oversized headers',
      bytes: request(
        'GET / HTTP/1.1',
        `Host: ${host}\r\nX-Big: ${'x'.repeat(20_000 + Math.floor(random() * 40_000))}\r\nConnection: close\r\n`,
      ),
      hangUp: false,
    }),
    () => {
      const whole = request('GET / HTTP/1.1', `Host: ${host}\r\nConnection: close\r\n`);
      return { kind: 'cut short', bytes: whole.subarray(0, Math.floor(random() * (whole.length - 1))), hangUp: true };
    },
    () => ({
      kind: 'bad body',
      bytes: request(
        'POST /upload HTTP/1.1',
        `Host: ${host}\r\nContent-Length: 99999999999\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n`,
      ),
      hangUp: false,
    }),
    () => {
      const [target, extra] = pick(random, [
        ['/ws?token=%zz', ''],
        ['/ws?token=wrong', ''],
        [`/ws?token=${token}`, 'Origin: http://evil.example\r\n'],
        [`/ws?token=${token}`, 'Sec-WebSocket-Version: 7\r\n'],
        ['//[', ''],
        [`/ws?token=${token}&token=x`, 'Origin: null\r\n'],
      ] as const);
      const headers = `Host: ${host}\r\n${extra}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: AAAAAAAAAAAAAAAAAAAAAA==\r\n${extra.includes('Version') ? '' : 'Sec-WebSocket-Version: 13\r\n'}`;
      return { kind: 'bad upgrade', bytes: request(`GET ${target} HTTP/1.1`, headers), hangUp: false };
    },
  ];
  return pick(random, kinds)();
}

/** A text frame a page could send that is not a valid request: the answer must be an error reply. */
export function textFrameCase(random: () => number): Buffer {
  const texts = [
    '{',
    'null',
    '[]',
    '"x"',
    '42',
    '{"kind":"request"}',
    '{"kind":"request","id":1,"method":"constructor","args":[]}',
    '{"kind":"request","id":2,"method":"__proto__","args":[]}',
    '{"kind":"request","id":"3","method":"getSnapshot","args":[]}',
    '{"kind":"request","id":4,"method":"getSnapshot","args":{}}',
    '{"kind":"request","id":5,"method":"saveSettings","args":[{"supabaseUrl":"javascript:alert(1)"}]}',
    '{"kind":"request","id":6,"method":"retryMeeting","args":["not-a-uuid"]}',
    '{"kind":"request","id":7,"method":"deleteMeeting","args":[{"id":1}]}',
    '{"kind":"response","id":8,"ok":true,"value":null}',
    `{"kind":"request","id":9,"method":"${'m'.repeat(10_000)}","args":[]}`,
    `${'['.repeat(5_000)}${']'.repeat(5_000)}`,
    `{"kind":"request","id":10,"method":"getSnapshot","args":["${'x'.repeat(100_000)}"]}`,
  ];
  return clientFrame(0x81, Buffer.from(pick(random, texts)));
}

/** A frame that breaks RFC 6455: the server must close (or drop) this socket and only this one. */
export function protocolFrameCase(random: () => number): { kind: string; frame: Buffer } {
  const cases: Array<() => { kind: string; frame: Buffer }> = [
    () => ({ kind: 'invalid UTF-8', frame: clientFrame(0x81, Buffer.from([0xff, 0xfe, 0xfd])) }),
    () => ({ kind: 'reserved opcode', frame: clientFrame(0x83 + Math.floor(random() * 5), Buffer.from('x')) }),
    () => ({ kind: 'RSV bits', frame: clientFrame(0x81 | (0x10 << Math.floor(random() * 3)), Buffer.from('x')) }),
    () => ({ kind: 'unmasked', frame: Buffer.from([0x81, 0x01, 0x78]) }),
    () => ({ kind: 'oversized', frame: clientFrame(0x81, Buffer.alloc(16), 2 * 1024 * 1024) }),
    () => ({ kind: 'fragmented ping', frame: clientFrame(0x09, Buffer.from('x')) }),
    () => ({ kind: 'continuation first', frame: clientFrame(0x80, Buffer.from('x')) }),
    () => ({ kind: 'close with 1-byte body', frame: clientFrame(0x88, Buffer.from([0x03])) }),
  ];
  return pick(random, cases)();
}
