/**
 * How both hosts answer the player from a recording in Supabase Storage (a signed URL): the player's
 * Range goes upstream as it came, and only the answer's status and the headers a player needs come
 * back, so Storage's own headers (cookies, caching, its error bodies) never reach the page.
 */

/** The upstream statuses a player understands; anything else (Storage says 400 for a missing object) is 404. */
export function forwardedAudioStatus(upstream: number): number {
  return upstream === 200 || upstream === 206 || upstream === 416 ? upstream : 404;
}

const passedHeaders = ['content-length', 'content-range', 'accept-ranges', 'etag', 'last-modified'] as const;

/** The answer's headers, read with `get` (web Headers or a Node response alike); the type is the recording's own. */
export function forwardedAudioHeaders(get: (name: string) => string | null, mimeType: string): Record<string, string> {
  const headers: Record<string, string> = { 'content-type': mimeType, 'cache-control': 'no-store' };
  for (const name of passedHeaders) {
    const value = get(name);
    if (value !== null) headers[name] = value;
  }
  return headers;
}
