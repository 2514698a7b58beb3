import path from 'node:path';

import { DownloadError } from '../errors.js';

/**
 * Checks a storage object path from a meeting row before it is used anywhere: the row is written by
 * another application, so `../`, absolute paths, NUL bytes and control characters are refused.
 */
export function assertSafeObjectPath(objectPath: string | null | undefined): string {
  if (objectPath === null || objectPath === undefined || objectPath.trim() === '') {
    throw new DownloadError('The meeting has no audio file path.', false);
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(objectPath)) {
    throw new DownloadError('The audio file path contains control characters.', false);
  }
  if (objectPath.length > 1024) {
    throw new DownloadError('The audio file path is longer than 1024 characters.', false);
  }
  if (objectPath.startsWith('/') || objectPath.includes('\\') || /^[A-Za-z]:/.test(objectPath)) {
    throw new DownloadError('The audio file path must be relative to the storage bucket.', false);
  }
  if (objectPath.split('/').some((part) => part === '..' || part === '.')) {
    throw new DownloadError("The audio file path must not contain '.' or '..' segments.", false);
  }
  return objectPath;
}

/** A temp-file name derived from trusted parts only: the meeting id and a plain extension. */
export function tempAudioFileName(meetingId: string, objectPath: string): string {
  const extension = path.posix.extname(objectPath).toLowerCase();
  const safeExtension = /^\.[a-z0-9]{1,8}$/.test(extension) ? extension : '.audio';
  return `${meetingId.replace(/[^A-Za-z0-9-]/g, '')}${safeExtension}`;
}
