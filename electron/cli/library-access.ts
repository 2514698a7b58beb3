import type { LocalLibrary } from '../contract/library.js';
import type { Settings } from '../contract/settings.js';
import { currentOwner } from '../core/embedded/data-folder-lock.js';
import { localApiClient, OwnerUnreachableError, readLocalApiAddress } from '../core/embedded/local-api-client.js';
import { DataFolderError, openOwnedDatabase } from '../core/embedded/owned-database.js';

/** How long a command waits for an owner that is starting (lock taken, local API not up yet). */
const ownerStartWaitMs = 120_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs `work` on the data folder's library without ever opening its database a second time: directly
 * when no process owns the folder (the lock is taken for the duration), else through the owner's
 * local API. When the owner dies mid-request the folder is looked at again (its lock is then stale
 * and taken over), so `work` must be safe to repeat (adds carry their meeting id).
 */
export async function withLocalLibrary<T>(
  settings: Settings,
  command: string,
  work: (library: LocalLibrary) => Promise<T>,
): Promise<T> {
  if (settings.supabaseUrl !== undefined) {
    throw new Error(
      `${command} works on the embedded local queue; with Supabase configured, use the web app or the dashboard.`,
    );
  }
  // The wait runs from when the present owner was first seen: a new owner (a restarted worker) gets its own.
  let seen = { pid: 0, since: 0 };
  for (;;) {
    const owner = currentOwner(settings.dataDir);
    if (owner === null) {
      try {
        const owned = await openOwnedDatabase(settings, { command, serveApi: false });
        try {
          return await work(owned.library);
        } finally {
          await owned.close();
        }
      } catch (error) {
        // Someone took the folder between the look and the lock: go through them instead.
        if (error instanceof DataFolderError && error.owner !== null) continue;
        throw error;
      }
    }
    if (owner.pid !== seen.pid) seen = { pid: owner.pid, since: Date.now() };
    const address = readLocalApiAddress(settings.dataDir);
    if (address !== null && address.pid === owner.pid) {
      try {
        return await work(localApiClient(address));
      } catch (error) {
        if (!(error instanceof OwnerUnreachableError)) throw error;
      }
    }
    // A worker that is starting gets ownerStartWaitMs; a short command holding the folder is waited out.
    if (!owner.transient && Date.now() - seen.since > ownerStartWaitMs) {
      throw new Error(
        `The data folder ${settings.dataDir} is in use by ${owner.command} (pid ${owner.pid}), which does not take ` +
          `requests from other commands. Wait until it has finished, or stop it, then run ${command} again.`,
      );
    }
    await sleep(250);
  }
}
