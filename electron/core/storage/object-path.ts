import path from 'node:path';

import { DownloadError } from '../errors.js';

/**
 * Characters refused anywhere in a storage object path from a meeting row. The row is written by
 * another application and the path ends up in a Storage URL: `%` would let `%2e%2e` become `..` after
 * the server decodes it (another bucket), `?` and `#` would end the path and start a query or fragment,
 * a backslash is a separator on Windows, and control characters (C0, DEL, C1) have no place in a name.
 */
function refusedCharacter(objectPath: string): string | null {
  for (const char of objectPath) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) return 'control characters';
    if (char === '%' || char === '?' || char === '#' || char === '\\') return `'${char}'`;
  }
  return null;
}

/**
 * Checks a storage object path from a meeting row before it is used anywhere: relative to the bucket,
 * no `.`/`..`/empty segments, none of the refused characters, and — when the meeting has an owner —
 * inside the owner's folder (`<user_id>/…`), so one user's row cannot point at another user's audio.
 */
export function assertSafeObjectPath(objectPath: string | null | undefined, ownerId: string | null = null): string {
  if (objectPath === null || objectPath === undefined || objectPath.trim() === '') {
    throw new DownloadError('The meeting has no audio file path.', false);
  }
  const refused = refusedCharacter(objectPath);
  if (refused !== null) {
    throw new DownloadError(`The audio file path contains ${refused}, which storage paths may not contain.`, false);
  }
  if (objectPath.length > 1024) {
    throw new DownloadError('The audio file path is longer than 1024 characters.', false);
  }
  if (objectPath.startsWith('/') || /^[A-Za-z]:/.test(objectPath)) {
    throw new DownloadError('The audio file path must be relative to the storage bucket.', false);
  }
  const segments = objectPath.split('/');
  if (segments.some((part) => part === '..' || part === '.' || part === '')) {
    throw new DownloadError("The audio file path must not contain '.', '..' or empty segments.", false);
  }
  if (ownerId !== null && segments[0]?.toLowerCase() !== ownerId.toLowerCase()) {
    throw new DownloadError(
      `The audio file path must start with the meeting owner's folder (${ownerId}/…); "${objectPath}" does not.`,
      false,
    );
  }
  return objectPath;
}

/** A checked path as it goes into a Storage URL: each segment percent-encoded, the slashes kept. */
export function encodeObjectPath(safePath: string): string {
  return safePath.split('/').map(encodeURIComponent).join('/');
}

/** A temp-file name derived from trusted parts only: the meeting id and a plain extension. */
export function tempAudioFileName(meetingId: string, objectPath: string): string {
  const extension = path.posix.extname(objectPath).toLowerCase();
  const safeExtension = /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : '.audio';
  return `${meetingId.replace(/[^A-Za-z0-9-]/g, '')}${safeExtension}`;
}
