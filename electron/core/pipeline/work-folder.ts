import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import type { Logger } from '../log/logger.js';
import type { Lease } from '../queue/meeting-queue.js';

/**
 * Each lease's temp folder (`<AUDIO_TEMP_DIR>/<meeting id>.<lease token>`) names the process that
 * works in it, so that a worker starting up can tell the leftovers of a crashed run from the folders
 * of a worker that is alive right now: by default every worker on a machine shares one temp folder.
 * Per lease, not per meeting: two processes with one worker id (the desktop app and the CLI) that both
 * hold a lease on one meeting, the first one's expired, must not write into or delete each other's files.
 */
const ownerFile = '.owner.json';
const checkpointSuffix = '.checkpoint.json';

interface Owner {
  pid: number;
  host: string;
}

/** A download checkpoint this young is kept for the restarted (or another) worker to resume from. */
export const defaultResumeWindowMs = 24 * 3600 * 1000;

const safeName = (text: string): string => text.replace(/[^A-Za-z0-9-]/g, '');

export function workFolderPath(audioTempDir: string, lease: Pick<Lease, 'meetingId' | 'token'>): string {
  return path.join(audioTempDir, `${safeName(lease.meetingId)}.${safeName(lease.token)}`);
}

/**
 * Creates this lease's temp folder and records this process as its owner. A folder that a dead process
 * left for the same meeting (a download checkpoint to resume, kept by the sweep) becomes this lease's
 * folder by a rename, which only one claimant can win; a live process's folder is never taken.
 */
export async function openWorkFolder(audioTempDir: string, lease: Pick<Lease, 'meetingId' | 'token'>): Promise<string> {
  const folder = workFolderPath(audioTempDir, lease);
  await mkdir(audioTempDir, { recursive: true });
  await adoptLeftover(audioTempDir, safeName(lease.meetingId), folder);
  await mkdir(folder, { recursive: true });
  const owner: Owner = { pid: process.pid, host: os.hostname() };
  await writeFile(path.join(folder, ownerFile), JSON.stringify(owner));
  return folder;
}

/** `<meeting id>` is the folder name before leases had tokens; a leftover of an older version. */
async function adoptLeftover(audioTempDir: string, meetingName: string, folder: string): Promise<void> {
  const entries = await readdir(audioTempDir, { withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isDirectory() || (entry.name !== meetingName && !entry.name.startsWith(`${meetingName}.`))) continue;
    const candidate = path.join(audioTempDir, entry.name);
    const owner = await readOwner(candidate);
    if (candidate === folder || owner === null || owner.host !== os.hostname() || processIsAlive(owner.pid)) continue;
    try {
      await rename(candidate, folder);
      return;
    } catch {
      // Another worker adopted it first (or it was swept): look on, or start afresh.
    }
  }
}

async function readOwner(folder: string): Promise<Owner | null> {
  const text = await readFile(path.join(folder, ownerFile), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<Owner>;
    return typeof value.pid === 'number' && typeof value.host === 'string'
      ? { pid: value.pid, host: value.host }
      : null;
  } catch {
    return null;
  }
}

/** Whether a process with this id runs on this machine (EPERM: it runs, as another user). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The checkpoint and partial download a resume needs, if the checkpoint is recent enough. */
async function resumableFiles(folder: string, names: string[], notBefore: number): Promise<Set<string>> {
  const keep = new Set<string>();
  for (const name of names.filter((entry) => entry.endsWith(checkpointSuffix))) {
    const partial = name.slice(0, -checkpointSuffix.length);
    const times = await Promise.all(
      [name, partial].map((entry) =>
        stat(path.join(folder, entry)).then(
          (info) => info.mtimeMs,
          () => 0,
        ),
      ),
    );
    if (Math.max(...times) >= notBefore) for (const entry of [name, partial, ownerFile]) keep.add(entry);
  }
  return keep;
}

export interface SweepReport {
  /** Folders removed whole. */
  removed: string[];
  /** Leftovers trimmed to what a download resume needs. */
  trimmed: string[];
  /** Folders of live workers (or of another machine), untouched. */
  live: string[];
}

export interface SweepOptions {
  log: Logger;
  resumeWindowMs?: number;
  now?: number;
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes what crashed runs left in the temp folder: a work folder whose owner process is gone is
 * deleted, except a recent download checkpoint and its partial file, which the meeting's next attempt
 * resumes from. Only folders carrying an owner record are touched (AUDIO_TEMP_DIR may be shared with
 * other programs), and a folder owned on another host (a network share) is left alone: its liveness
 * cannot be checked from here.
 */
export async function sweepWorkFolders(audioTempDir: string, options: SweepOptions): Promise<SweepReport> {
  const report: SweepReport = { removed: [], trimmed: [], live: [] };
  const entries = await readdir(audioTempDir, { withFileTypes: true }).catch(() => []);
  const isAlive = options.isAlive ?? processIsAlive;
  const notBefore = (options.now ?? Date.now()) - (options.resumeWindowMs ?? defaultResumeWindowMs);
  for (const entry of entries.filter((item) => item.isDirectory())) {
    const folder = path.join(audioTempDir, entry.name);
    const owner = await readOwner(folder);
    if (owner === null) continue;
    if (owner.host !== os.hostname() || isAlive(owner.pid)) {
      report.live.push(entry.name);
      continue;
    }
    const names = await readdir(folder).catch(() => []);
    const keep = await resumableFiles(folder, names, notBefore);
    if (keep.size === 0) {
      await rm(folder, { recursive: true, force: true });
      report.removed.push(entry.name);
    } else {
      await Promise.all(
        names
          .filter((name) => !keep.has(name))
          .map((name) => rm(path.join(folder, name), { recursive: true, force: true })),
      );
      report.trimmed.push(entry.name);
    }
  }
  if (report.removed.length + report.trimmed.length > 0) {
    options.log.info('removed what crashed runs left in the temp folder', {
      removed: report.removed.length,
      keptForResume: report.trimmed.length,
      live: report.live.length,
    });
  }
  return report;
}
