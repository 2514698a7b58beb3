/**
 * `pc-worker serve --dashboard`: the worker plus the dashboard for a headless machine. The built
 * renderer is served on 127.0.0.1 and the WorkerApi runs over a WebSocket that demands the per-run
 * token printed at start. The key never leaves the process.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import path from 'node:path';
import type { Duplex } from 'node:stream';

import { WebSocketServer, type WebSocket } from 'ws';

import { settingsInputSchema, type SettingsView, type WorkerApi } from '../contract/api.js';
import { requestSchemas, socketRequestSchema, type InvokeMethod } from '../contract/channels.js';
import type { WorkerEvent } from '../contract/events.js';
import { keysToSave, savedKeyFor, withoutKeyFields } from '../contract/key-origin.js';
import { recordingUploadPath } from '../contract/recordings.js';
import { settingsSchema, toPublicSettings, type Settings } from '../contract/settings.js';
import type { WorkerResponse } from '../contract/worker-protocol.js';
import { writeSettingsFile } from '../core/config/settings-file.js';
import { openWorkerHost, toProtocolError, type WorkerHost } from '../core/worker-host.js';

import { audioRouteMeeting, meetingAudioPath, serveMeetingAudio } from './dashboard-audio.js';
import { allowedHosts, readRequestTarget } from './dashboard-request.js';
import { recordingUploads } from './recording-upload.js';

export const defaultRendererDir = path.resolve(import.meta.dirname, '..', '..', 'dist', 'renderer');
const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

// Recordings arrive by upload (recording-upload.ts), not over the socket.
type Handlers = Omit<WorkerApi, 'onEvent' | 'addRecordings'>;

function headlessApi(host: WorkerHost, settingsFile: string, token: string): Handlers {
  let settings = host.settings;
  // Nothing configured yet (no settings file, no Supabase from the environment): the form explains the modes.
  let firstRun = !existsSync(settingsFile) && settings.supabaseUrl === undefined;
  const view = (): SettingsView => ({ ...toPublicSettings(settings), startAtLogin: null, firstRun });
  return {
    getSnapshot: () => host.snapshot(),
    pause: () => host.handle({ type: 'pause' }).then(() => undefined),
    resume: () => host.handle({ type: 'resume' }).then(() => undefined),
    retryMeeting: (meetingId) => host.handle({ type: 'retry-meeting', meetingId }),
    confirmSpeaker: (meetingId, label, speakerId) =>
      host.handle({ type: 'confirm-speaker', meetingId, label, speakerId }),
    dismissSpeakerSuggestion: (meetingId, label) =>
      host.handle({ type: 'dismiss-speaker-suggestion', meetingId, label }),
    listMeetings: () => host.handle({ type: 'list-meetings' }),
    getMeeting: (meetingId) => host.handle({ type: 'get-meeting', meetingId }),
    exportMeeting: (meetingId, format) => host.handle({ type: 'export-meeting', meetingId, format }),
    // The browser saves the file: the server only hands it over.
    saveMeetingExport: async (meetingId, format) => ({
      outcome: 'download',
      file: await host.handle({ type: 'export-meeting', meetingId, format }),
    }),
    searchTranscripts: (query) => host.handle({ type: 'search-transcripts', query }),
    renameSpeaker: (meetingId, label, name) => host.handle({ type: 'rename-speaker', meetingId, label, name }),
    correctSegment: (meetingId, segment, text) => host.handle({ type: 'correct-segment', meetingId, segment, text }),
    deleteMeeting: (meetingId) => host.handle({ type: 'delete-meeting', meetingId }),
    // Same origin as the page, with the page's own token: an <audio> element cannot send a header.
    meetingAudioUrl: async (meetingId) =>
      (await host.handle({ type: 'meeting-audio', meetingId })) === null ? null : meetingAudioPath(meetingId, token),
    getSettings: () => Promise.resolve(view()),
    async saveSettings(input) {
      const form = settingsInputSchema.safeParse(input);
      if (!form.success)
        return {
          ok: false,
          issues: form.error.issues.map((i) => ({ field: String(i.path[0] ?? ''), message: i.message })),
        };
      // startAtLogin is a desktop preference; a headless worker has none.
      const rest = withoutKeyFields(form.data);
      delete rest.startAtLogin;
      const keys = keysToSave(form.data, settings);
      if ('field' in keys) return { ok: false, issues: [keys] };
      settings = settingsSchema.parse({ ...rest, ...keys, dataDir: settings.dataDir });
      // A headless worker keeps its settings in a file only its user can read, keys sealed; they apply at the next start.
      await writeSettingsFile(settingsFile, settings);
      firstRun = false;
      host.log.info('settings saved; restart the worker to apply them', { file: settingsFile });
      return { ok: true, settings: view() };
    },
    testConnection: (input) =>
      host.handle({
        type: 'test-connection',
        input: {
          ...input,
          supabaseKey:
            input.supabaseKey ??
            savedKeyFor(input.supabaseUrl, { url: settings.supabaseUrl, key: settings.supabaseKey }),
        },
      }),
    // A browser cannot open a folder on this machine: the dashboard names it instead.
    openLogsFolder: () => Promise.resolve({ opened: false, path: settings.logDir ?? null }),
  };
}

function sameToken(given: string | null, token: string): boolean {
  if (given === null) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function serveStatic(
  rendererDir: string,
  pathname: string,
  request: IncomingMessage,
  response: ServerResponse,
  csp: string,
): Promise<void> {
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const file = path.resolve(rendererDir, relative);
  if (!file.startsWith(rendererDir + path.sep) || request.method !== 'GET') {
    response.writeHead(404).end();
    return;
  }
  const body = await readFile(file).catch(() => null);
  if (body === null) {
    response.writeHead(404).end();
    return;
  }
  const type = contentTypes[path.extname(file)] ?? 'application/octet-stream';
  response.writeHead(200, {
    'content-type': type,
    'content-security-policy': csp,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  });
  response.end(body);
}

/** A refusal that never throws, whatever state the response is in. */
function refuse(response: ServerResponse, status: number): void {
  if (response.headersSent) response.destroy();
  else response.writeHead(status, { connection: 'close' }).end();
}

async function answer(api: Handlers, socket: WebSocket, raw: string): Promise<void> {
  let id = 0;
  let reply: WorkerResponse;
  try {
    const request = socketRequestSchema.parse(JSON.parse(raw));
    id = request.id;
    const method: InvokeMethod = request.method;
    const args = requestSchemas[method].parse(request.args) as unknown[];
    const value: unknown = await (api[method] as (...a: unknown[]) => Promise<unknown>)(...args);
    reply = { kind: 'response', id, ok: true, value: value ?? null };
  } catch (error) {
    reply = { kind: 'response', id, ok: false, error: toProtocolError(error) };
  }
  // The page may have gone while the call ran; a reply to a closed socket is dropped.
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(reply));
}

export interface DashboardServer {
  url: string;
  host: WorkerHost;
  close(): Promise<void>;
}

export async function startDashboardServer(
  settings: Settings,
  options: { port: number; settingsFile: string; rendererDir?: string },
): Promise<DashboardServer> {
  const rendererDir = options.rendererDir ?? defaultRendererDir;
  if (!existsSync(path.join(rendererDir, 'index.html')))
    throw new Error(`The dashboard is not built (${rendererDir}): run \`npm run build:renderer\``);
  const token = randomBytes(24).toString('base64url');
  const sockets = new Set<WebSocket>();
  const broadcast = (event: WorkerEvent) => {
    const frame = JSON.stringify({ kind: 'event', event });
    for (const socket of sockets) socket.send(frame);
  };
  const host = await openWorkerHost(settings, { emit: broadcast, console: true, owner: 'pc-worker serve --dashboard' });
  const api = headlessApi(host, options.settingsFile, token);
  const uploads = await recordingUploads(host, token);
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1024 * 1024 });
  let hosts: ReadonlySet<string> = new Set();
  // The page is served under whichever allowed Host the browser used; its socket must go back there.
  const csp = (host: string) =>
    `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self'; connect-src 'self' ws://${host}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
  const server = createServer((request, response) => {
    const target = readRequestTarget(request.url, request.headers.host, hosts);
    if (!target.ok) {
      refuse(response, target.status);
      return;
    }
    if (target.path === recordingUploadPath) {
      void uploads.handle(request, response, target.host, target.query);
      return;
    }
    const audioMeeting = audioRouteMeeting(target.path);
    if (audioMeeting !== null && !sameToken(target.query.get('token'), token)) {
      refuse(response, 401);
      return;
    }
    const served =
      audioMeeting === null
        ? serveStatic(rendererDir, target.path, request, response, csp(target.host))
        : serveMeetingAudio(host, audioMeeting, request, response);
    served.catch((error: unknown) => {
      host.log.warn('dashboard request failed', { error: String(error) });
      refuse(response, 500);
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // A client that resets mid-handshake must not become an unhandled 'error' event.
    socket.on('error', () => socket.destroy());
    const target = readRequestTarget(request.url, request.headers.host, hosts);
    const fromPage = (host: string) =>
      request.headers.origin === undefined || request.headers.origin === `http://${host}`;
    if (!target.ok || target.path !== '/ws' || !sameToken(target.query.get('token'), token) || !fromPage(target.host)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.add(ws);
      // An oversized frame, invalid UTF-8 or a bad opcode: ws reports it here; drop that client only.
      ws.on('error', (error) => {
        host.log.debug('dashboard socket closed after a bad frame', { error: error.message });
        ws.terminate();
      });
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', (data: Buffer) => {
        answer(api, ws, data.toString('utf8')).catch((error: unknown) => {
          host.log.warn('dashboard reply failed', { error: String(error) });
        });
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  hosts = allowedHosts(port);
  return {
    url: `http://127.0.0.1:${String(port)}/?token=${token}`,
    host,
    async close() {
      for (const socket of sockets) socket.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await host.close();
    },
  };
}

/** The CLI's entry: serve until SIGINT/SIGTERM, then release running meetings and exit. */
export async function runDashboard(settings: Settings, port: number): Promise<void> {
  const settingsFile = process.env['PC_WORKER_SETTINGS'] ?? path.join(settings.dataDir, 'settings.json');
  const dashboard = await startDashboardServer(settings, { port, settingsFile });
  process.stdout.write(`Dashboard: ${dashboard.url}\n`);
  const stop = (signal: string) => {
    dashboard.host.log.info(`received ${signal}; releasing running meetings and stopping`);
    void dashboard.close().then(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  await dashboard.host.run();
}
