/**
 * The Electron utility process: hosts the worker core and speaks the worker protocol with main over
 * process.parentPort. Every request is parsed on arrival; every reply and event is a plain object.
 */
import type { Settings } from '../contract/settings.js';
import { workerRequestSchema, type WorkerToMain } from '../contract/worker-protocol.js';
import { openWorkerHost, toProtocolError, type WorkerHost } from '../core/worker-host.js';

const port = process.parentPort;
let host: WorkerHost | null = null;

function post(message: WorkerToMain): void {
  port.postMessage(message);
}

async function init(settings: Settings): Promise<null> {
  if (host !== null) throw new Error('The worker was already initialised; restart it to change settings.');
  host = await openWorkerHost(settings, {
    emit: (event) => post({ kind: 'event', event }),
    console: false,
    owner: 'the PC Worker desktop app',
  });
  const running = host;
  running.run().catch((error: unknown) => {
    running.log.error('the worker loop stopped unexpectedly', { reason: (error as Error).message });
    process.exit(1);
  });
  return null;
}

async function onRequest(data: unknown): Promise<void> {
  const parsed = workerRequestSchema.safeParse(data);
  if (!parsed.success) {
    const id = (data as { id?: unknown } | null)?.id;
    if (typeof id !== 'number') return;
    const message = `Malformed request: ${parsed.error.issues[0]?.message ?? 'invalid'}`;
    post({ kind: 'response', id, ok: false, error: { code: 'bad-request', message, retryable: false } });
    return;
  }
  const { id, command } = parsed.data;
  try {
    let value: unknown;
    if (command.type === 'init') value = await init(command.settings);
    else if (host === null) throw new Error('The worker has not been initialised yet.');
    else value = await host.handle(command);
    post({ kind: 'response', id, ok: true, value: value ?? null });
    if (command.type === 'shutdown') process.exit(0);
  } catch (error) {
    post({ kind: 'response', id, ok: false, error: toProtocolError(error) });
  }
}

port.on('message', (message) => {
  void onRequest(message.data);
});
post({ kind: 'hello', pid: process.pid });
