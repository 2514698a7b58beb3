import path from 'node:path';

import type { PGlite } from '@electric-sql/pglite';

import type { LocalLibrary } from '../../contract/library.js';
import { WorkerError } from '../errors.js';

import { tryLockDataFolder, type DataFolderLock, type LockOwner } from './data-folder-lock.js';
import { NewerDatabaseError, openEmbeddedDatabase } from './embedded-database.js';
import { startLocalApiServer, type LocalApiServer } from './local-api-server.js';
import { defaultSupabaseDir } from './migrations-dir.js';
import { pgliteLibrary, removeOrphanedAudio } from './pglite-library.js';

/** The data folder cannot be used: busy (another process owns it), damaged, newer or not ours. */
export class DataFolderError extends WorkerError {
  readonly code = 'data-folder';
  readonly retryable = false;
  constructor(
    message: string,
    readonly owner: LockOwner | null = null,
  ) {
    super(message);
  }
}

/** How long an owner-to-be waits for a short command (enqueue, list, export) that holds the folder. */
const transientWaitMs = 60_000;

export interface OwnedDatabase {
  db: PGlite;
  /** The local stand-in for the storage bucket. */
  bucketDir: string;
  library: LocalLibrary;
  /** Recordings without a row that opening removed (an add cut short by a crash). */
  orphansRemoved: string[];
  /** Calls `listener` after a recording was added, by this process or by another through the local API. */
  onRecordingAdded(listener: () => void): void;
  close(): Promise<void>;
}

export function busyMessage(dataDir: string, owner: LockOwner): string {
  return (
    `The data folder ${dataDir} is in use by ${owner.command} (pid ${owner.pid}). ` +
    'Only one process at a time can open it. Let that one do the work (`pc-worker enqueue <file>` hands it a ' +
    'recording; `pc-worker list`, `show` and `export` read through it), stop it first, or set PC_WORKER_DATA_DIR ' +
    'to another folder.'
  );
}

/**
 * Opens a data folder's embedded database as its only owner: takes the lock (or throws
 * DataFolderError naming the holder), opens PGlite, removes recordings an interrupted add left
 * behind and, with `serveApi`, answers other processes' library requests (local-api.json).
 */
export async function openOwnedDatabase(
  place: { dataDir: string; storageBucket: string },
  options: { command: string; serveApi: boolean },
): Promise<OwnedDatabase> {
  const { dataDir } = place;
  const waitUntil = Date.now() + transientWaitMs;
  let attempt;
  for (;;) {
    try {
      attempt = tryLockDataFolder(dataDir, options.command, !options.serveApi);
    } catch (error) {
      throw new DataFolderError(
        `The data folder ${dataDir} cannot be used: ${(error as Error).message}. Check that it is yours and writable, or set PC_WORKER_DATA_DIR to another folder.`,
      );
    }
    // A command holding the folder for a moment (an enqueue while no worker ran) is waited for.
    if (attempt.ok || !attempt.owner.transient || Date.now() > waitUntil) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  if (!attempt.ok) throw new DataFolderError(busyMessage(dataDir, attempt.owner), attempt.owner);
  const lock: DataFolderLock = attempt.lock;
  let db: PGlite;
  try {
    db = await openEmbeddedDatabase(path.join(dataDir, 'db'), defaultSupabaseDir());
  } catch (error) {
    lock.release();
    if (error instanceof NewerDatabaseError) throw new DataFolderError(error.message);
    throw new DataFolderError(
      `The local database in ${path.join(dataDir, 'db')} could not be opened (${(error as Error).message}). ` +
        'Nothing in it was changed. Move that folder aside to start afresh, or set PC_WORKER_DATA_DIR to another folder.',
    );
  }
  const bucketDir = path.join(dataDir, 'storage', place.storageBucket);
  const stored = pgliteLibrary(db, bucketDir);
  let api: LocalApiServer | null = null;
  const addedListeners: (() => void)[] = [];
  // Every add (this process's, or a terminal's through the local API) tells the worker at once, so a
  // new recording does not wait for the next poll.
  const library: LocalLibrary = {
    ...stored,
    async addRecording(request) {
      const added = await stored.addRecording(request);
      if (added.created) for (const listener of addedListeners) listener();
      return added;
    },
  };
  try {
    const orphansRemoved = await removeOrphanedAudio(db, bucketDir);
    if (options.serveApi) api = await startLocalApiServer(dataDir, library);
    return {
      db,
      bucketDir,
      library,
      orphansRemoved,
      onRecordingAdded: (listener) => addedListeners.push(listener),
      async close() {
        await api?.close();
        await db.close();
        lock.release();
      },
    };
  } catch (error) {
    await db.close();
    lock.release();
    throw error;
  }
}
