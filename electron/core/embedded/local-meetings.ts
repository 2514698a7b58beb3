import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import { DownloadError } from '../errors.js';

export interface EnqueueOptions {
  title?: string | undefined;
  language?: string | undefined;
  expectedSpeakers?: number | undefined;
}

/**
 * Adds a recording to the embedded queue the way the web app adds one to Supabase: the file is put in
 * the local bucket folder and a `pending` meeting row points at it.
 */
export async function enqueueLocalRecording(
  db: PGlite,
  bucketDir: string,
  file: string,
  options: EnqueueOptions = {},
): Promise<string> {
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) throw new DownloadError(`No such file: ${file}`, false);
  const meetingId = randomUUID();
  const extension = path
    .extname(file)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '')
    .slice(0, 9);
  const objectPath = `local/${meetingId}${extension}`;
  await mkdir(path.join(bucketDir, 'local'), { recursive: true });
  await copyFile(file, path.join(bucketDir, ...objectPath.split('/')));
  await db.query(
    `insert into public.meetings (id, title, audio_path, requested_language, expected_speakers)
     values ($1, $2, $3, $4, $5)`,
    [
      meetingId,
      options.title ?? path.basename(file),
      objectPath,
      options.language ?? null,
      options.expectedSpeakers ?? null,
    ],
  );
  return meetingId;
}
