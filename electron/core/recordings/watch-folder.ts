import { readdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { looksLikeRecording, type AddedRecording } from '../../contract/recordings.js';
import type { Logger } from '../log/logger.js';

import type { RecordingSource } from './add-recordings.js';

export interface WatchFolderOptions {
  folder: string;
  /** The file (in the data folder) that remembers what was added, so a restart adds nothing twice. */
  ledgerFile: string;
  add: (sources: RecordingSource[]) => Promise<AddedRecording[]>;
  log: Logger;
  /** How often the folder is looked at; a file is added once its size held still across one interval. */
  intervalMs?: number;
}

export interface FolderWatch {
  /** One look at the folder now (the timer calls it; tests call it to step time). */
  scan(): Promise<void>;
  stop(): Promise<void>;
}

/** A file as last seen: it is the same recording while its size and modification time stay the same. */
interface Seen {
  size: number;
  mtimeMs: number;
}

const sameFile = (a: Seen | undefined, b: Seen) => a !== undefined && a.size === b.size && a.mtimeMs === b.mtimeMs;

async function readLedger(file: string): Promise<Map<string, Seen>> {
  const text = await readFile(file, 'utf8').catch(() => '{}');
  try {
    return new Map(Object.entries(JSON.parse(text) as Record<string, Seen>));
  } catch {
    return new Map();
  }
}

async function writeLedger(file: string, ledger: Map<string, Seen>): Promise<void> {
  // Written whole under another name, then renamed: a crash never leaves half a ledger.
  await writeFile(`${file}.new`, JSON.stringify(Object.fromEntries(ledger)), { mode: 0o600 });
  await rename(`${file}.new`, file);
}

/**
 * Adds each new recording that appears in a folder, once: a file is taken when its size has stopped
 * changing between two looks (a copy or a recorder still writing it is left alone), and remembered by
 * name, size and modification time, so neither the next look nor a restart adds it again. A file
 * replaced under the same name is a new recording. Polling, not fs.watch: it behaves the same on every
 * system and on network folders. Files already there when the folder is first watched are added too.
 */
export async function watchFolder(options: WatchFolderOptions): Promise<FolderWatch> {
  const ledger = await readLedger(options.ledgerFile);
  const growing = new Map<string, Seen>();
  let running: Promise<void> | null = null;
  let warnedMissing = false;

  const look = async (): Promise<void> => {
    const entries = await readdir(options.folder, { withFileTypes: true }).catch((error: unknown) => {
      if (!warnedMissing)
        options.log.warn('the watch folder cannot be read', { folder: options.folder, reason: String(error) });
      warnedMissing = true;
      return [];
    });
    const ready: RecordingSource[] = [];
    const readySeen = new Map<string, Seen>();
    for (const entry of entries) {
      if (!entry.isFile() || entry.name.startsWith('.') || !looksLikeRecording(entry.name)) continue;
      const file = path.join(options.folder, entry.name);
      const info = await stat(file).catch(() => null);
      if (info === null) continue;
      const now: Seen = { size: info.size, mtimeMs: info.mtimeMs };
      if (sameFile(ledger.get(entry.name), now)) continue;
      if (sameFile(growing.get(entry.name), now) && now.size > 0) {
        ready.push({ file, name: entry.name });
        readySeen.set(entry.name, now);
        growing.delete(entry.name);
      } else {
        growing.set(entry.name, now);
      }
    }
    if (ready.length === 0) return;
    const outcomes = await options.add(ready);
    // A refused file is remembered too: it is not offered again until it changes.
    for (const [name, seen] of readySeen) ledger.set(name, seen);
    await writeLedger(options.ledgerFile, ledger);
    for (const outcome of outcomes) {
      if (outcome.error === null) options.log.info('added from the watch folder', { file: outcome.name });
      else options.log.warn('a file in the watch folder was not added', { file: outcome.name, reason: outcome.error });
    }
  };

  const scan = (): Promise<void> => {
    // One look at a time: a slow add (a large copy) must not overlap the next tick.
    running ??= look().finally(() => {
      running = null;
    });
    return running;
  };
  const timer = setInterval(() => {
    scan().catch((error: unknown) => options.log.warn('watching the folder failed', { reason: String(error) }));
  }, options.intervalMs ?? 5000);
  timer.unref();
  return {
    scan,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
