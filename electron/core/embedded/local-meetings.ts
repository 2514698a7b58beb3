import { randomUUID } from 'node:crypto';

import type { PGlite } from '@electric-sql/pglite';

import { pgliteLibrary } from './pglite-library.js';

export interface EnqueueOptions {
  title?: string | undefined;
  language?: string | undefined;
  expectedSpeakers?: number | undefined;
}

/** Adds a recording to the embedded queue under a new meeting id (for the data folder's owner). */
export async function enqueueLocalRecording(
  db: PGlite,
  bucketDir: string,
  file: string,
  options: EnqueueOptions = {},
): Promise<string> {
  const { meetingId } = await pgliteLibrary(db, bucketDir).addRecording({
    meetingId: randomUUID(),
    file,
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.language === undefined ? {} : { language: options.language }),
    ...(options.expectedSpeakers === undefined ? {} : { expectedSpeakers: options.expectedSpeakers }),
  });
  return meetingId;
}
