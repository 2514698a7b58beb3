/**
 * The API gateway in front of the stack, on one port, like the Kong of a Supabase project
 * (`https://<ref>.supabase.co`, or 54321 with the CLI):
 *   /rest/v1/*    → PostgREST, prefix stripped. Requires an API key (`apikey` header or query), as
 *                   Kong's key-auth does: none → 401 {"message":"No API key found in request"}, a key
 *                   that is neither a JWT signed with the project secret nor a known opaque key → 401
 *                   {"message":"Invalid API key"}.
 *   /storage/v1/* → Storage, prefix stripped (Storage checks its own auth; signed URLs need none).
 *   anything else → 404 {"message":"no Route matched with those values"}.
 * A request that has `apikey` but no `Authorization` gets `Authorization: Bearer <apikey>`.
 * New-style opaque keys (`sb_publishable_…`, `sb_secret_…`) are swapped for the JWT they stand for,
 * in `apikey` and in `Authorization`, as the hosted gateway does.
 * Bodies are streamed both ways; when an upstream cuts a response mid-body the client's connection
 * is cut too.
 *
 * Fault knobs (`gateway.faults`): failNext(n, {status, path}) answers the next n matching requests
 * with `status` (503 by default) without reaching the upstream; delayNext(n, ms, {path}) holds the
 * next n matching requests for `ms` before proxying them; loseReplyNext(n, {status?, path}) proxies the
 * next n matching requests, lets the upstream answer in full (the database has committed), then throws
 * the answer away: the client gets `status` instead, or, without a status, its connection is cut (a
 * reply lost on the way back); reset() clears them all. `path` is a prefix
 * string or a RegExp tested against the original path (e.g. '/rest/v1/rpc/claim_next_meeting').
 * `requests` logs every request (method, path, status) for assertions.
 */
import { once } from 'node:events';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { pipeline } from 'node:stream/promises';

import { verifyJwt } from './keys.js';

export interface FaultMatch {
  /** Prefix of, or RegExp for, the original request path (with /rest/v1 or /storage/v1). */
  path?: string | RegExp;
  method?: string;
}

export interface GatewayFaults {
  failNext(n: number, opts?: FaultMatch & { status?: number; body?: unknown }): void;
  delayNext(n: number, ms: number, opts?: FaultMatch): void;
  loseReplyNext(n: number, opts?: FaultMatch & { status?: number }): void;
  reset(): void;
}

export interface GatewayRequestLog {
  method: string;
  path: string;
  status: number;
  fault?: 'failed' | 'delayed' | 'reply-lost';
}

export interface Gateway {
  url: string;
  port: number;
  faults: GatewayFaults;
  requests: GatewayRequestLog[];
  stop(): Promise<void>;
}

interface Rule {
  kind: 'fail' | 'delay' | 'lose-reply';
  remaining: number;
  match: FaultMatch;
  status: number;
  body: unknown;
  ms: number;
}

function matches(m: FaultMatch, method: string, path: string): boolean {
  if (m.method && m.method.toUpperCase() !== method) return false;
  if (m.path === undefined) return true;
  return typeof m.path === 'string' ? path.startsWith(m.path) : m.path.test(path);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

export async function startGateway(opts: {
  restUrl: string;
  storageUrl: string;
  jwtSecret: string;
  /** Opaque key → the JWT it stands for (sb_publishable_… → anon, sb_secret_… → service_role). */
  opaqueKeys?: Record<string, string>;
  port?: number;
}): Promise<Gateway> {
  const rules: Rule[] = [];
  const requests: GatewayRequestLog[] = [];
  const opaque = new Map(Object.entries(opts.opaqueKeys ?? {}));
  const upstreams: Array<{ prefix: string; target: URL; needsKey: boolean }> = [
    { prefix: '/rest/v1', target: new URL(opts.restUrl), needsKey: true },
    { prefix: '/storage/v1', target: new URL(opts.storageUrl), needsKey: false },
  ];

  const faults: GatewayFaults = {
    failNext(n, o = {}) {
      rules.push({ kind: 'fail', remaining: n, match: o, status: o.status ?? 503, body: o.body, ms: 0 });
    },
    delayNext(n, ms, o = {}) {
      rules.push({ kind: 'delay', remaining: n, match: o, status: 0, body: undefined, ms });
    },
    loseReplyNext(n, o = {}) {
      rules.push({ kind: 'lose-reply', remaining: n, match: o, status: o.status ?? 0, body: undefined, ms: 0 });
    },
    reset() {
      rules.length = 0;
    },
  };

  function takeRule(kind: Rule['kind'], method: string, path: string): Rule | undefined {
    const rule = rules.find((r) => r.kind === kind && r.remaining > 0 && matches(r.match, method, path));
    if (rule) rule.remaining--;
    return rule;
  }

  async function handle(req: IncomingMessage, res: ServerResponse, log: GatewayRequestLog): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://gateway.local');
    const method = log.method;
    const up = upstreams.find((u) => url.pathname === u.prefix || url.pathname.startsWith(`${u.prefix}/`));
    if (!up) {
      log.status = 404;
      sendJson(res, 404, { message: 'no Route matched with those values' });
      return;
    }

    const delay = takeRule('delay', method, url.pathname);
    if (delay) {
      log.fault = 'delayed';
      await new Promise((r) => setTimeout(r, delay.ms));
    }
    const fail = takeRule('fail', method, url.pathname);
    if (fail) {
      log.fault = 'failed';
      log.status = fail.status;
      req.resume();
      sendJson(res, fail.status, fail.body ?? { message: 'An invalid response was received from the upstream server' });
      return;
    }

    const loseReply = takeRule('lose-reply', method, url.pathname);
    const headers: OutgoingHttpHeaders = { ...req.headers };
    let apikey = (req.headers['apikey'] as string | undefined) ?? url.searchParams.get('apikey') ?? undefined;
    if (apikey && opaque.has(apikey)) {
      const jwt = opaque.get(apikey)!;
      if (!headers.authorization || headers.authorization === `Bearer ${apikey}`)
        headers.authorization = `Bearer ${jwt}`;
      apikey = jwt;
      headers['apikey'] = jwt;
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '');
    if (bearer && opaque.has(bearer[1]!)) headers.authorization = `Bearer ${opaque.get(bearer[1]!)}`;
    if (up.needsKey) {
      if (!apikey) {
        log.status = 401;
        req.resume();
        sendJson(res, 401, {
          message: 'No API key found in request',
          hint: 'No `apikey` request header or url param was found.',
        });
        return;
      }
      try {
        await verifyJwt(opts.jwtSecret, apikey);
      } catch {
        log.status = 401;
        req.resume();
        sendJson(res, 401, {
          message: 'Invalid API key',
          hint: 'Double check your Supabase `anon` or `service_role` API key.',
        });
        return;
      }
    }
    if (apikey && !headers.authorization) headers.authorization = `Bearer ${apikey}`;
    headers.host = up.target.host;
    delete headers.connection;

    const path = url.pathname.slice(up.prefix.length) || '/';
    const upReq = httpRequest({
      hostname: up.target.hostname,
      port: up.target.port,
      method,
      path: `${path}${url.search}`,
      headers,
    });
    req.on('aborted', () => upReq.destroy());
    res.on('close', () => {
      if (!res.writableFinished) upReq.destroy();
    });
    const responded = new Promise<IncomingMessage>((resolve, reject) => {
      upReq.once('response', resolve);
      upReq.once('error', reject);
    });
    pipeline(req, upReq).catch(() => undefined);
    let upRes: IncomingMessage;
    try {
      upRes = await responded;
    } catch (err) {
      log.status = 502;
      if (!res.headersSent) sendJson(res, 502, { message: `upstream error: ${(err as Error).message}` });
      return;
    }
    log.status = upRes.statusCode ?? 502;
    if (loseReply) {
      // The upstream has answered (for PostgREST: the transaction is committed); the answer is lost.
      log.fault = 'reply-lost';
      upRes.resume();
      await once(upRes, 'end').catch(() => undefined);
      if (loseReply.status > 0) {
        log.status = loseReply.status;
        sendJson(res, loseReply.status, { message: 'An invalid response was received from the upstream server' });
      } else res.socket?.destroy();
      return;
    }
    const outHeaders = { ...upRes.headers };
    delete outHeaders.connection;
    delete outHeaders['keep-alive'];
    res.writeHead(upRes.statusCode ?? 502, outHeaders);
    try {
      await pipeline(upRes, res);
    } catch {
      // Upstream cut the body (or the client went away): cut the client's connection as well.
      res.socket?.destroy();
    }
  }

  const server = createServer((req, res) => {
    const log: GatewayRequestLog = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: (req.url ?? '/').split('?')[0]!,
      status: 0,
    };
    requests.push(log);
    handle(req, res, log).catch((err: unknown) => {
      log.status = 502;
      if (!res.headersSent) sendJson(res, 502, { message: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    });
  });
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    faults,
    requests,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
