/**
 * What the headless dashboard accepts from a request line and its headers, decided before any handler
 * runs. Anything on this machine (a web page in a browser included) can reach 127.0.0.1, so nothing here
 * may throw: a malformed path, an unknown Host or a broken escape is an answer (400/421), never a crash.
 */

/** The Host values under which the dashboard answers; anything else is DNS rebinding or a stray client. */
export function allowedHosts(port: number): ReadonlySet<string> {
  return new Set([`127.0.0.1:${String(port)}`, `localhost:${String(port)}`, `[::1]:${String(port)}`]);
}

export type RequestTarget =
  { ok: true; host: string; path: string; query: URLSearchParams } | { ok: false; status: 400 | 421; reason: string };

/** Control characters (C0, DEL, C1) have no place in a file name the dashboard serves. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return true;
  }
  return false;
}

/**
 * Parses `request.url` and the Host header. The path is percent-decoded once; an invalid escape
 * (`/%zz`), a target that is not origin-form (`//[`, `http://…`, `*`) or a control character is a 400.
 */
export function readRequestTarget(
  rawUrl: string | undefined,
  hostHeader: string | undefined,
  hosts: ReadonlySet<string>,
): RequestTarget {
  if (hostHeader === undefined || hostHeader === '') return { ok: false, status: 400, reason: 'no Host header' };
  if (!hosts.has(hostHeader.toLowerCase())) return { ok: false, status: 421, reason: 'unknown Host' };
  if (rawUrl?.startsWith('/') !== true) return { ok: false, status: 400, reason: 'not an origin-form target' };
  let url: URL;
  try {
    // A fixed base with the raw target appended keeps `//[` or `//evil.example/x` a path, never an authority.
    url = new URL(`http://dashboard${rawUrl}`);
  } catch {
    return { ok: false, status: 400, reason: 'unparsable target' };
  }
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return { ok: false, status: 400, reason: 'invalid percent-encoding' };
  }
  if (hasControlCharacter(path)) return { ok: false, status: 400, reason: 'control character in path' };
  return { ok: true, host: hostHeader.toLowerCase(), path, query: url.searchParams };
}
