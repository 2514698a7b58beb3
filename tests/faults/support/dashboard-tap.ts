import WebSocket from 'ws';

import type { InvokeMethod } from '../../../electron/contract/channels.js';
import type { WorkerProcess } from '../../support/worker-process.js';

import { waitForOutput } from './fault-bed.js';

/** Everything a headless dashboard sent to a browser, kept for the secret scan. */
export interface DashboardTap {
  /** Calls one WorkerApi method over the dashboard's WebSocket and resolves with its reply frame. */
  call(method: InvokeMethod, ...args: unknown[]): Promise<unknown>;
  /** "where: text" of every page and frame received so far. */
  received(): { where: string; text: string }[];
  close(): void;
}

/**
 * Opens the dashboard of a `serve --dashboard --port 0` worker the way the page does: fetches the
 * pages, then listens on the token-guarded WebSocket to every event the worker pushes.
 */
export async function tapDashboard(worker: WorkerProcess): Promise<DashboardTap> {
  const [, address = ''] = await waitForOutput(worker, /Dashboard: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/, 120_000);
  const url = new URL(address);
  const received: { where: string; text: string }[] = [];
  for (const page of ['/', '/settings.html']) {
    const response = await fetch(new URL(page, url));
    received.push({ where: `dashboard page ${page}`, text: await response.text() });
  }
  const socket = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token') ?? ''}`, {
    origin: url.origin,
  });
  const pending = new Map<number, (frame: unknown) => void>();
  socket.on('message', (data: Buffer) => {
    const text = data.toString('utf8');
    received.push({ where: 'dashboard WebSocket frame', text });
    const frame = JSON.parse(text) as { kind: string; id?: number };
    if (frame.kind === 'response' && frame.id !== undefined) pending.get(frame.id)?.(frame);
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let nextId = 1;
  return {
    call: (method, ...args) =>
      new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        socket.send(JSON.stringify({ kind: 'request', id, method, args }));
      }),
    received: () => received,
    close: () => socket.close(),
  };
}
