/**
 * The one HTTP Range form an audio element sends (`bytes=start-`, `bytes=start-end`, `bytes=-suffix`),
 * read the same by the headless dashboard's audio route and the desktop app's audio protocol.
 * Several ranges in one request are answered with the whole file, as RFC 9110 allows.
 */
export type ByteRangeAnswer =
  { kind: 'whole' } | { kind: 'partial'; start: number; end: number } | { kind: 'unsatisfiable' };

export function readByteRange(header: string | null | undefined, size: number): ByteRangeAnswer {
  if (header === null || header === undefined) return { kind: 'whole' };
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (match === null) return { kind: 'whole' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'whole' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', start, end };
}

/** Headers for an answer: Content-Range/Length and Accept-Ranges, so a player can seek. */
export function byteRangeHeaders(answer: ByteRangeAnswer, size: number, mimeType: string): Record<string, string> {
  const common = { 'accept-ranges': 'bytes', 'content-type': mimeType, 'cache-control': 'no-store' };
  switch (answer.kind) {
    case 'whole':
      return { ...common, 'content-length': String(size) };
    case 'partial':
      return {
        ...common,
        'content-length': String(answer.end - answer.start + 1),
        'content-range': `bytes ${answer.start}-${answer.end}/${size}`,
      };
    case 'unsatisfiable':
      return { ...common, 'content-range': `bytes */${size}` };
  }
}

export function byteRangeStatus(answer: ByteRangeAnswer): 200 | 206 | 416 {
  return answer.kind === 'whole' ? 200 : answer.kind === 'partial' ? 206 : 416;
}
