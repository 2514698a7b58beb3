/**
 * Raw TCP clients for probing the headless dashboard the way a hostile page or a broken client would:
 * bytes on a socket, no HTTP or WebSocket library in between to tidy them up.
 */
import { randomBytes } from 'node:crypto';
import net from 'node:net';

/** Sends `bytes` and resolves with everything the server wrote until it closed (or `waitMs` passed). */
export function rawExchange(port: number, bytes: string | Buffer, waitMs = 2_000): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('latin1')));
    socket.on('error', done);
    socket.on('close', done);
    socket.write(bytes);
  });
}

/** The status code of a raw HTTP/1.1 response ('' when the server sent none). */
export function statusOf(response: string): string {
  return /^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? '';
}

/** A masked client frame (RFC 6455 §5.2); `declaredLength` may exceed the payload to announce a huge frame. */
export function clientFrame(firstByte: number, payload: Buffer, declaredLength = payload.length): Buffer {
  const mask = randomBytes(4);
  let header: Buffer;
  if (declaredLength < 126) header = Buffer.from([firstByte, 0x80 | declaredLength]);
  else if (declaredLength < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt8(firstByte, 0);
    header.writeUInt8(0x80 | 126, 1);
    header.writeUInt16BE(declaredLength, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(firstByte, 0);
    header.writeUInt8(0x80 | 127, 1);
    header.writeBigUInt64BE(BigInt(declaredLength), 2);
  }
  const masked = Buffer.from(payload.map((byte, index) => byte ^ (mask[index % 4] ?? 0)));
  return Buffer.concat([header, mask, masked]);
}

/**
 * Opens a WebSocket by hand (`GET /ws?token=…` with Upgrade), then writes `frame` and resolves with what
 * came back: the 101 handshake, and a close frame or nothing when the server dropped the socket.
 */
export function rawWebSocket(port: number, token: string, frame: Buffer, waitMs = 2_000): Promise<string> {
  const handshake =
    `GET /ws?token=${token} HTTP/1.1\r\nHost: 127.0.0.1:${String(port)}\r\nUpgrade: websocket\r\n` +
    `Connection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    let sent = false;
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(received);
    };
    const timer = setTimeout(done, waitMs);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (!sent && received.includes('\r\n\r\n')) {
        sent = true;
        socket.write(frame);
      }
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(handshake);
  });
}
