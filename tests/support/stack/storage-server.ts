/**
 * A Supabase Storage-compatible HTTP server for tests, backed by a temp folder
 * (`<dir>/<bucket>/<path>`; object metadata kept in memory, a file dropped into the folder by hand is
 * served as application/octet-stream).
 *
 * Contract implemented (paths are as Storage sees them, i.e. after the gateway strips /storage/v1).
 * Mirrors the real Storage API v1 (supabase/storage, shapes checked at v1.26.5 through
 * @supabase/storage-js):
 *
 *  - Errors are HTTP 400 with a JSON body whose `statusCode` is a STRING holding the logical status
 *    (the real API's legacy error format that storage-js expects):
 *      missing object        → 400 {"statusCode":"404","error":"not_found","message":"Object not found"}
 *      missing bucket        → 400 {"statusCode":"404","error":"Bucket not found","message":"Bucket not found"}
 *      upload onto existing  → 400 {"statusCode":"409","error":"Duplicate","message":"The resource already exists"}
 *      bad/expired sign token→ 400 {"statusCode":"400","error":"InvalidJWT","message":"<jwt error>"}
 *      token for other path  → 400 {"statusCode":"400","error":"InvalidSignature","message":"The url do not match the signature"}
 *      bad/missing auth JWT  → 400 {"statusCode":"403","error":"Unauthorized","message":…}
 *    Exception: an unsatisfiable Range → 416 with `Content-Range: bytes *\/<size>`.
 *  - Authorization: `Authorization: Bearer <JWT>` signed (HS256) with the project JWT secret.
 *    The project defines no storage.objects policies, so as on a real project only `service_role`
 *    (which bypasses RLS) can touch private buckets: other roles get "not_found" on reads (RLS hides
 *    the row) and 403 "new row violates row-level security policy" on writes.
 *  - Objects:
 *      POST /object/<bucket>/<path>               upload; raw body (Content-Type kept) or multipart/form-data
 *                                                 (the file part; storage-js sends Blobs this way);
 *                                                 `x-upsert: true` overwrites, else 409 Duplicate.
 *                                                 → {"Id":uuid,"Key":"<bucket>/<path>"}
 *      PUT  /object/<bucket>/<path>               same, always overwrites (update).
 *      GET|HEAD /object/authenticated/<bucket>/<path>   download (auth)
 *      GET|HEAD /object/<bucket>/<path>                 download (auth); HEAD is storage-js exists()
 *      GET  /object/public/<bucket>/<path>        download from a public bucket, no auth
 *      GET  /object/info/[authenticated/]<bucket>/<path>  object info (storage-js info())
 *      POST /object/sign/<bucket>/<path> {expiresIn} → {"signedURL":"/object/sign/<bucket>/<path>?token=<jwt>"}
 *                                                 token = HS256 JWT {url:"<bucket>/<path>",iat,exp}, secret = JWT secret
 *      POST /object/sign/<bucket> {expiresIn,paths} → [{error,path,signedURL}]
 *      GET|HEAD /object/sign/<bucket>/<path>?token=…    download, no auth header needed
 *      POST /object/list/<bucket> {prefix,limit,offset,search} → files and folders directly under prefix
 *      DELETE /object/<bucket> {prefixes:[…]}     → array of the deleted objects (missing ones skipped)
 *      DELETE /object/<bucket>/<path>             → {"message":"Successfully deleted"}
 *    Downloads: Content-Type, Content-Length, ETag, Last-Modified, Cache-Control, Accept-Ranges: bytes;
 *    one `Range: bytes=a-b | a- | -n` → 206 + Content-Range; `?download[=name]` → Content-Disposition.
 *  - Buckets (service_role): GET /bucket, GET /bucket/<id>, POST /bucket {id?,name,public,
 *    file_size_limit,allowed_mime_types} → {"name"}, PUT /bucket/<id>, POST /bucket/<id>/empty,
 *    DELETE /bucket/<id> (must be empty). `file_size_limit` is enforced on upload (413 in the body).
 *  Not implemented: resumable (TUS) and S3 protocol uploads, signed upload URLs, image transforms,
 *  move/copy, allowed_mime_types enforcement, storage RLS policies.
 *
 * Fault knobs (for reliability tests), mutable at any time through `server.faults`:
 *   throttleBytesPerSec  cap the download body rate (null = unlimited);
 *   dropAfterBytes       cut the TCP connection after this many body bytes of a download (null = never),
 *   dropTimes            …for this many more downloads (then dropping stops; Infinity = always).
 */
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream, existsSync, type Dirent } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join, sep } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { signJwt, verifyJwt } from './keys.js';

export interface StorageFaults {
  throttleBytesPerSec: number | null;
  dropAfterBytes: number | null;
  dropTimes: number;
  reset(): void;
}

export interface BucketOptions {
  public?: boolean;
  fileSizeLimit?: number | null;
  allowedMimeTypes?: string[] | null;
}

export interface StorageServer {
  url: string;
  port: number;
  dir: string;
  faults: StorageFaults;
  /**
   * Downloads served (bodies started), uploads stored, and download body bytes sent: handy for asserting
   * retries, and that a resume fetched only the rest.
   */
  stats: { downloads: number; uploads: number; droppedDownloads: number; bodyBytes: number };
  createBucket(id: string, opts?: BucketOptions): Promise<void>;
  stop(): Promise<void>;
}

interface Bucket {
  id: string;
  name: string;
  owner: string;
  public: boolean;
  file_size_limit: number | null;
  allowed_mime_types: string[] | null;
  created_at: string;
  updated_at: string;
}

interface ObjectMeta {
  id: string;
  mimetype: string;
  cacheControl: string;
  userMetadata: Record<string, unknown> | null;
  createdAt: string;
}

class StorageError extends Error {
  constructor(
    readonly statusCode: string,
    readonly error: string,
    message: string,
    readonly httpStatus = 400,
  ) {
    super(message);
  }
}

const notFound = () => new StorageError('404', 'not_found', 'Object not found');
const bucketNotFound = () => new StorageError('404', 'Bucket not found', 'Bucket not found');
const rlsDenied = () => new StorageError('403', 'Unauthorized', 'new row violates row-level security policy');

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit = 10 << 20): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new StorageError('413', 'Payload too large', 'The request body is too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const buf = await readBody(req);
  if (buf.length === 0) return {};
  try {
    const v = JSON.parse(buf.toString('utf8')) as unknown;
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    /* fall through */
  }
  throw new StorageError('400', 'Error', 'body must be a JSON object');
}

function str(v: unknown, dflt: string): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : dflt;
}

function strList(v: unknown): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

export async function startStorageServer(opts: {
  jwtSecret: string;
  dir: string;
  port?: number;
}): Promise<StorageServer> {
  const { jwtSecret, dir } = opts;
  await mkdir(dir, { recursive: true });
  const buckets = new Map<string, Bucket>();
  const meta = new Map<string, ObjectMeta>();
  const faults: StorageFaults = {
    throttleBytesPerSec: null,
    dropAfterBytes: null,
    dropTimes: Infinity,
    reset() {
      this.throttleBytesPerSec = null;
      this.dropAfterBytes = null;
      this.dropTimes = Infinity;
    },
  };
  const stats = { downloads: 0, uploads: 0, droppedDownloads: 0, bodyBytes: 0 };

  const objectFile = (bucket: string, path: string) => join(dir, bucket, ...path.split('/'));

  function checkPath(path: string): void {
    const parts = path.split('/');
    if (!path || parts.some((p) => p === '..' || p === '.' || p === '') || path.includes('\0')) {
      throw new StorageError('400', 'InvalidKey', `Invalid key: ${path}`);
    }
  }

  function getBucket(id: string): Bucket {
    const b = buckets.get(id);
    if (!b) throw bucketNotFound();
    return b;
  }

  async function role(req: IncomingMessage): Promise<string> {
    const auth = req.headers.authorization;
    if (!auth) throw new StorageError('403', 'Unauthorized', "headers must have required property 'authorization'");
    const m = /^Bearer\s+(.+)$/i.exec(auth);
    if (!m) throw new StorageError('403', 'Unauthorized', 'Invalid Authorization header');
    try {
      const claims = await verifyJwt(jwtSecret, m[1]!);
      const r = claims['role'];
      return typeof r === 'string' ? r : 'anon';
    } catch (err) {
      throw new StorageError('403', 'Unauthorized', (err as Error).message);
    }
  }

  /** Only the service role can reach private objects: there are no storage.objects policies. */
  async function requireService(req: IncomingMessage, onDenied: () => StorageError): Promise<void> {
    if ((await role(req)) !== 'service_role') throw onDenied();
  }

  async function objectStat(bucket: string, path: string) {
    try {
      const st = await stat(objectFile(bucket, path));
      if (!st.isFile()) return null;
      return st;
    } catch {
      return null;
    }
  }

  function metaFor(bucket: string, path: string, st: { birthtime: Date; mtime: Date }): ObjectMeta {
    return (
      meta.get(`${bucket}/${path}`) ?? {
        id: randomUUID(),
        mimetype: 'application/octet-stream',
        cacheControl: 'max-age=3600',
        userMetadata: null,
        createdAt: st.mtime.toISOString(),
      }
    );
  }

  function etagOf(st: { size: number; mtimeMs: number }): string {
    return `"${st.size.toString(16)}-${Math.floor(st.mtimeMs).toString(16)}"`;
  }

  async function upload(req: IncomingMessage, res: ServerResponse, bucketId: string, path: string, upsert: boolean) {
    checkPath(path);
    const bucket = getBucket(bucketId);
    await requireService(req, rlsDenied);
    const file = objectFile(bucketId, path);
    if (!upsert && existsSync(file)) throw new StorageError('409', 'Duplicate', 'The resource already exists');
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.upload-${randomUUID()}`;
    let mimetype = req.headers['content-type'] ?? 'application/octet-stream';
    let cacheControl = req.headers['cache-control'] ?? 'max-age=3600';
    let userMetadata: Record<string, unknown> | null = null;
    const xMeta = req.headers['x-metadata'];
    if (typeof xMeta === 'string') {
      try {
        userMetadata = JSON.parse(Buffer.from(xMeta, 'base64').toString('utf8')) as Record<string, unknown>;
      } catch {
        /* ignore */
      }
    }
    try {
      if (mimetype.startsWith('multipart/form-data')) {
        // Buffers the whole upload: fine for a test server.
        const request = new Request('http://storage.local/', {
          method: 'POST',
          headers: { 'content-type': mimetype },
          body: Readable.toWeb(req) as ReadableStream,
          duplex: 'half',
        });
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        const form = await request.formData();
        let blob: Blob | null = null;
        for (const [, value] of form.entries()) if (typeof value !== 'string') blob = value;
        if (!blob) throw new StorageError('400', 'Error', 'No file in the multipart body');
        const cc = form.get('cacheControl');
        if (typeof cc === 'string') cacheControl = /^\d+$/.test(cc) ? `max-age=${cc}` : cc;
        const md = form.get('metadata');
        if (typeof md === 'string') userMetadata = JSON.parse(md) as Record<string, unknown>;
        mimetype = blob.type || 'application/octet-stream';
        await writeFile(tmp, Buffer.from(await blob.arrayBuffer()));
      } else {
        await pipeline(req, createWriteStream(tmp));
      }
      const size = (await stat(tmp)).size;
      if (bucket.file_size_limit !== null && size > bucket.file_size_limit) {
        throw new StorageError('413', 'Payload too large', 'The object exceeded the maximum allowed size');
      }
      if (!upsert && existsSync(file)) throw new StorageError('409', 'Duplicate', 'The resource already exists');
      await rename(tmp, file);
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
    const id = randomUUID();
    meta.set(`${bucketId}/${path}`, { id, mimetype, cacheControl, userMetadata, createdAt: new Date().toISOString() });
    stats.uploads++;
    sendJson(res, 200, { Id: id, Key: `${bucketId}/${path}` });
  }

  async function download(
    req: IncomingMessage,
    res: ServerResponse,
    bucketId: string,
    path: string,
    query: URLSearchParams,
  ) {
    checkPath(path);
    getBucket(bucketId);
    const st = await objectStat(bucketId, path);
    if (!st) throw notFound();
    const m = metaFor(bucketId, path, st);
    const headers: Record<string, string | number> = {
      'content-type': m.mimetype,
      'cache-control': m.cacheControl,
      etag: etagOf(st),
      'last-modified': st.mtime.toUTCString(),
      'accept-ranges': 'bytes',
    };
    if (query.has('download')) {
      const name = query.get('download') || path.split('/').pop()!;
      headers['content-disposition'] = `attachment; filename=${encodeURIComponent(name)}`;
    }
    let start = 0;
    let end = st.size - 1;
    let status = 200;
    const range = req.headers.range;
    if (range) {
      const r = /^bytes=(\d*)-(\d*)$/.exec(range.trim());
      let ok = !!r && !(r[1] === '' && r[2] === '');
      if (r && ok) {
        if (r[1] === '') {
          const n = Number(r[2]);
          start = Math.max(0, st.size - n);
          ok = n > 0;
        } else {
          start = Number(r[1]);
          if (r[2] !== '') end = Math.min(Number(r[2]), st.size - 1);
        }
        ok = ok && start <= end && start < st.size;
      }
      if (!ok) {
        res.writeHead(416, { 'content-range': `bytes */${st.size}`, 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            statusCode: '416',
            error: 'InvalidRange',
            message: 'The requested range is not satisfiable',
          }),
        );
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end}/${st.size}`;
    }
    const length = st.size === 0 ? 0 : end - start + 1;
    headers['content-length'] = length;
    res.writeHead(status, headers);
    if (req.method === 'HEAD' || length === 0) {
      res.end();
      return;
    }
    stats.downloads++;
    await streamBody(res, createReadStream(objectFile(bucketId, path), { start, end }));
  }

  /** Sends a download body, honouring the throttle and drop knobs. */
  async function streamBody(res: ServerResponse, source: Readable) {
    // A drop is used up only when it fires: a response the client abandons before the drop point (a
    // stall watch on a loaded machine, a short range read) leaves it for the next response.
    const dropAt = faults.dropAfterBytes;
    const began = Date.now();
    let sent = 0;
    try {
      for await (const raw of source) {
        let chunk = raw as Buffer;
        while (chunk.length > 0) {
          const rate = faults.throttleBytesPerSec;
          // Small slices when throttled so the rate is smooth.
          const sliceSize = rate ? Math.max(1, Math.min(chunk.length, Math.floor(rate / 20))) : chunk.length;
          let piece = chunk.subarray(0, sliceSize);
          chunk = chunk.subarray(sliceSize);
          if (dropAt !== null && faults.dropTimes > 0 && sent + piece.length >= dropAt) {
            faults.dropTimes--;
            piece = piece.subarray(0, dropAt - sent);
            if (piece.length > 0) await writeChunk(res, piece);
            sent += piece.length;
            stats.bodyBytes += piece.length;
            stats.droppedDownloads++;
            // Let the bytes leave, then cut the TCP connection mid-body.
            await new Promise<void>((r) => setImmediate(r));
            res.socket?.destroy();
            return;
          }
          if (rate) {
            const due = began + ((sent + piece.length) / rate) * 1000;
            const wait = due - Date.now();
            if (wait > 0) await sleep(wait);
          }
          if (res.destroyed) return;
          await writeChunk(res, piece);
          sent += piece.length;
          stats.bodyBytes += piece.length;
        }
      }
      res.end();
    } finally {
      source.destroy();
    }
  }

  async function writeChunk(res: ServerResponse, piece: Buffer) {
    if (!res.write(piece)) {
      await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  }

  async function sign(req: IncomingMessage, res: ServerResponse, bucketId: string, path: string) {
    checkPath(path);
    getBucket(bucketId);
    await requireService(req, notFound);
    const body = await readJson(req);
    const expiresIn = Number(body['expiresIn']);
    if (!Number.isFinite(expiresIn) || expiresIn < 1)
      throw new StorageError('400', 'Error', 'body/expiresIn must be >= 1');
    if (!(await objectStat(bucketId, path))) throw notFound();
    const token = await signJwt(jwtSecret, { url: `${bucketId}/${path}` }, Math.floor(expiresIn));
    sendJson(res, 200, { signedURL: `/object/sign/${bucketId}/${path}?token=${token}` });
  }

  async function signMany(req: IncomingMessage, res: ServerResponse, bucketId: string) {
    getBucket(bucketId);
    await requireService(req, notFound);
    const body = await readJson(req);
    const expiresIn = Number(body['expiresIn']);
    if (!Number.isFinite(expiresIn) || expiresIn < 1)
      throw new StorageError('400', 'Error', 'body/expiresIn must be >= 1');
    const paths = strList(body['paths']) ?? [];
    const out = [];
    for (const p of paths) {
      if (await objectStat(bucketId, p)) {
        const token = await signJwt(jwtSecret, { url: `${bucketId}/${p}` }, Math.floor(expiresIn));
        out.push({ error: null, path: p, signedURL: `/object/sign/${bucketId}/${p}?token=${token}` });
      } else {
        out.push({
          error: 'Either the object does not exist or you do not have access to it',
          path: p,
          signedURL: null,
        });
      }
    }
    sendJson(res, 200, out);
  }

  async function signedDownload(
    req: IncomingMessage,
    res: ServerResponse,
    bucketId: string,
    path: string,
    query: URLSearchParams,
  ) {
    const token = query.get('token');
    if (!token) throw new StorageError('400', 'Error', "querystring must have required property 'token'");
    let claims;
    try {
      claims = await verifyJwt(jwtSecret, token);
    } catch (err) {
      throw new StorageError('400', 'InvalidJWT', (err as Error).message);
    }
    if (claims['url'] !== `${bucketId}/${path}`) {
      throw new StorageError('400', 'InvalidSignature', 'The url do not match the signature');
    }
    await download(req, res, bucketId, path, query);
  }

  async function info(req: IncomingMessage, res: ServerResponse, bucketId: string, path: string) {
    checkPath(path);
    getBucket(bucketId);
    await requireService(req, notFound);
    const st = await objectStat(bucketId, path);
    if (!st) throw notFound();
    const m = metaFor(bucketId, path, st);
    sendJson(res, 200, {
      id: m.id,
      name: path,
      version: m.id,
      bucket_id: bucketId,
      size: st.size,
      content_type: m.mimetype,
      cache_control: m.cacheControl,
      etag: etagOf(st),
      metadata: m.userMetadata ?? {},
      last_modified: st.mtime.toISOString(),
      created_at: m.createdAt,
    });
  }

  async function objectRow(bucketId: string, path: string) {
    const st = await objectStat(bucketId, path);
    if (!st) return null;
    const m = metaFor(bucketId, path, st);
    return {
      bucket_id: bucketId,
      name: path,
      id: m.id,
      owner: null,
      created_at: m.createdAt,
      updated_at: st.mtime.toISOString(),
      last_accessed_at: st.mtime.toISOString(),
      metadata: {
        eTag: etagOf(st),
        size: st.size,
        mimetype: m.mimetype,
        cacheControl: m.cacheControl,
        lastModified: st.mtime.toISOString(),
        contentLength: st.size,
        httpStatusCode: 200,
      },
      user_metadata: m.userMetadata,
    };
  }

  async function list(req: IncomingMessage, res: ServerResponse, bucketId: string) {
    getBucket(bucketId);
    await requireService(req, notFound);
    const body = await readJson(req);
    const prefix = str(body['prefix'], '').replace(/^\/+|\/+$/g, '');
    const limit = Number(body['limit'] ?? 100);
    const offset = Number(body['offset'] ?? 0);
    const search = str(body['search'], '');
    const folder = prefix ? join(dir, bucketId, ...prefix.split('/')) : join(dir, bucketId);
    let entries: Dirent[];
    try {
      entries = await readdir(folder, { withFileTypes: true });
    } catch {
      entries = [];
    }
    const rows = [];
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (e.name.includes('.upload-') || (search && !e.name.startsWith(search))) continue;
      if (e.isDirectory()) {
        rows.push({
          name: e.name,
          id: null,
          updated_at: null,
          created_at: null,
          last_accessed_at: null,
          metadata: null,
        });
      } else if (e.isFile()) {
        const row = await objectRow(bucketId, prefix ? `${prefix}/${e.name}` : e.name);
        if (row) rows.push({ ...row, name: e.name });
      }
    }
    sendJson(res, 200, rows.slice(offset, offset + limit));
  }

  async function removeObjects(bucketId: string, paths: string[]) {
    const removed = [];
    for (const p of paths) {
      try {
        checkPath(p);
      } catch {
        continue;
      }
      const row = await objectRow(bucketId, p);
      if (!row) continue;
      await rm(objectFile(bucketId, p), { force: true });
      meta.delete(`${bucketId}/${p}`);
      removed.push(row);
      // Drop now-empty folders, as object storage has none.
      let d = dirname(objectFile(bucketId, p));
      while (d.startsWith(join(dir, bucketId) + sep)) {
        try {
          await rmdir(d);
        } catch {
          break;
        }
        d = dirname(d);
      }
    }
    return removed;
  }

  function bucketFromBody(body: Record<string, unknown>, existing?: Bucket): Bucket {
    const now = new Date().toISOString();
    const id = str(body['id'], str(body['name'], existing?.id ?? ''));
    if (!id || !/^[A-Za-z0-9_.-]+$/.test(id)) throw new StorageError('400', 'Invalid Input', 'Bucket name invalid');
    return {
      id,
      name: str(body['name'], existing?.name ?? id),
      owner: '',
      public: typeof body['public'] === 'boolean' ? body['public'] : (existing?.public ?? false),
      file_size_limit:
        body['file_size_limit'] == null ? (existing?.file_size_limit ?? null) : Number(body['file_size_limit']),
      allowed_mime_types: strList(body['allowed_mime_types']) ?? existing?.allowed_mime_types ?? null,
      created_at: existing?.created_at ?? now,
      updated_at: now,
    };
  }

  async function createBucket(id: string, o: BucketOptions = {}): Promise<void> {
    const b = bucketFromBody({
      id,
      name: id,
      public: o.public ?? false,
      file_size_limit: o.fileSizeLimit ?? null,
      allowed_mime_types: o.allowedMimeTypes ?? null,
    });
    buckets.set(id, b);
    await mkdir(join(dir, id), { recursive: true });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://storage.local');
    const segs = url.pathname
      .split('/')
      .filter((s) => s !== '')
      .map((s) => decodeURIComponent(s));
    const method = req.method ?? 'GET';
    const q = url.searchParams;
    const [head, second, ...rest] = segs;

    if (head === 'status' || (segs.length === 0 && method === 'GET')) {
      sendJson(res, 200, { status: 'ok' });
      return;
    }

    if (head === 'bucket') {
      await requireService(req, bucketNotFound);
      if (!second) {
        if (method === 'GET') {
          sendJson(res, 200, [...buckets.values()]);
          return;
        }
        if (method === 'POST') {
          const b = bucketFromBody(await readJson(req));
          if (buckets.has(b.id)) throw new StorageError('409', 'Duplicate', 'The resource already exists');
          buckets.set(b.id, b);
          await mkdir(join(dir, b.id), { recursive: true });
          sendJson(res, 200, { name: b.id });
          return;
        }
      } else {
        const b = getBucket(second);
        if (rest.length === 0 && method === 'GET') {
          sendJson(res, 200, b);
          return;
        }
        if (rest.length === 0 && method === 'PUT') {
          buckets.set(b.id, bucketFromBody({ ...(await readJson(req)), id: b.id }, b));
          sendJson(res, 200, { message: 'Successfully updated' });
          return;
        }
        if (rest.length === 0 && method === 'DELETE') {
          const files = await readdir(join(dir, b.id)).catch(() => []);
          if (files.length > 0)
            throw new StorageError('409', 'InvalidRequest', 'The bucket you tried to delete is not empty');
          buckets.delete(b.id);
          await rm(join(dir, b.id), { recursive: true, force: true });
          sendJson(res, 200, { message: 'Successfully deleted' });
          return;
        }
        if (rest[0] === 'empty' && method === 'POST') {
          await rm(join(dir, b.id), { recursive: true, force: true });
          await mkdir(join(dir, b.id), { recursive: true });
          for (const k of meta.keys()) if (k.startsWith(`${b.id}/`)) meta.delete(k);
          sendJson(res, 200, { message: 'Successfully emptied' });
          return;
        }
      }
      throw new StorageError('404', 'Not Found', `Route ${method}:${url.pathname} not found`, 404);
    }

    if (head === 'object' && second) {
      const isRead = method === 'GET' || method === 'HEAD';
      if (second === 'sign') {
        const [bucketId, ...p] = rest;
        if (!bucketId) throw bucketNotFound();
        if (method === 'POST' && p.length === 0) return signMany(req, res, bucketId);
        if (method === 'POST') return sign(req, res, bucketId, p.join('/'));
        if (isRead) return signedDownload(req, res, bucketId, p.join('/'), q);
      } else if (second === 'authenticated' && isRead) {
        const [bucketId, ...p] = rest;
        if (!bucketId) throw bucketNotFound();
        await requireService(req, notFound);
        return download(req, res, bucketId, p.join('/'), q);
      } else if (second === 'public' && isRead) {
        const [bucketId, ...p] = rest;
        if (!bucketId || !getBucket(bucketId).public) throw bucketNotFound();
        return download(req, res, bucketId, p.join('/'), q);
      } else if (second === 'info' && method === 'GET') {
        const r = rest[0] === 'authenticated' || rest[0] === 'public' ? rest.slice(1) : rest;
        const [bucketId, ...p] = r;
        if (!bucketId) throw bucketNotFound();
        return info(req, res, bucketId, p.join('/'));
      } else if (second === 'list' && method === 'POST') {
        if (!rest[0]) throw bucketNotFound();
        return list(req, res, rest[0]);
      } else {
        const bucketId = second;
        const path = rest.join('/');
        if (method === 'POST' && path) return upload(req, res, bucketId, path, req.headers['x-upsert'] === 'true');
        if (method === 'PUT' && path) return upload(req, res, bucketId, path, true);
        if (isRead && path) {
          await requireService(req, notFound);
          return download(req, res, bucketId, path, q);
        }
        if (method === 'DELETE') {
          getBucket(bucketId);
          await requireService(req, notFound);
          if (path) {
            const removed = await removeObjects(bucketId, [path]);
            if (removed.length === 0) throw notFound();
            sendJson(res, 200, { message: 'Successfully deleted' });
            return;
          }
          const body = await readJson(req);
          const prefixes = strList(body['prefixes']) ?? [];
          sendJson(res, 200, await removeObjects(bucketId, prefixes));
          return;
        }
      }
    }
    throw new StorageError('404', 'Not Found', `Route ${method}:${url.pathname} not found`, 404);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (err instanceof StorageError) {
        sendJson(res, err.httpStatus, { statusCode: err.statusCode, error: err.error, message: err.message });
      } else {
        sendJson(res, 500, {
          statusCode: '500',
          error: 'internal',
          message: err instanceof Error ? err.message : String(err),
        });
      }
      // Unread request bodies would otherwise stall keep-alive connections.
      req.resume();
    });
  });
  server.listen(opts.port ?? 0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    faults,
    stats,
    createBucket,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
