import { createReadStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import path from 'node:path';

import { DownloadError } from '../errors.js';

import type { AudioStore, DownloadOptions } from './audio-store.js';
import { assertSafeObjectPath } from './object-path.js';
import { streamToFile, tooLargeError } from './stream-to-file.js';

/** The embedded queue's storage: a bucket is a folder under the data folder. */
export function createLocalAudioStore(bucketDir: string): AudioStore {
  return {
    async download(objectPath: string, destination: string, options: DownloadOptions) {
      const source = path.join(bucketDir, ...assertSafeObjectPath(objectPath).split('/'));
      const info = await stat(source).catch(() => null);
      if (info === null || !info.isFile()) {
        throw new DownloadError(`The audio file "${objectPath}" was not found in local storage.`, false);
      }
      if (info.size > options.maxBytes) throw tooLargeError(info.size, options.maxBytes);
      return streamToFile(createReadStream(source), destination, info.size, options).catch(async (error: unknown) => {
        await rm(destination, { force: true });
        throw error;
      });
    },
  };
}
