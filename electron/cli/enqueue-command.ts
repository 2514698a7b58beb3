import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import type { Command } from 'commander';

import { looksLikeRecording } from '../contract/recordings.js';
import { loadSettings } from '../core/config/load-settings.js';
import { addRecordings, planRecordings, recordingLimits } from '../core/recordings/add-recordings.js';

import { withLocalLibrary } from './library-access.js';

/** The files to add: each file as given, each folder's recordings (not its subfolders), in name order. */
async function expandInputs(inputs: string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const absolute = path.resolve(input);
    const info = await stat(absolute).catch(() => null);
    if (info === null) throw new Error(`No such file or folder: ${input}`);
    if (!info.isDirectory()) {
      files.push(absolute);
      continue;
    }
    const names = (await readdir(absolute, { withFileTypes: true }))
      .filter((entry) => entry.isFile() && looksLikeRecording(entry.name))
      .map((entry) => path.join(absolute, entry.name))
      .sort();
    if (names.length === 0) throw new Error(`The folder ${input} holds no recordings (audio or video files).`);
    files.push(...names);
  }
  return files;
}

interface EnqueueOptions {
  title?: string;
  language?: string;
  speakers?: number;
  quiet?: boolean;
}

async function enqueue(inputs: string[], options: EnqueueOptions): Promise<void> {
  const settings = loadSettings();
  const files = await expandInputs(inputs);
  const planned = planRecordings(
    files.map((file) => ({ file, name: path.basename(file) })),
    {
      ...(options.title === undefined ? {} : { title: options.title }),
      ...(options.language === undefined ? {} : { language: options.language }),
      ...(options.speakers === undefined ? {} : { expectedSpeakers: options.speakers }),
    },
  );
  // Each file is checked as the worker would check it, so a file it would refuse is never queued.
  const outcomes = await withLocalLibrary(settings, 'pc-worker enqueue', (library) =>
    addRecordings(library, planned, recordingLimits(settings)),
  );
  for (const [index, outcome] of outcomes.entries()) {
    const file = planned[index]?.request.file ?? outcome.name;
    if (outcome.meetingId === null) {
      process.stderr.write(`pc-worker: not added: ${file}: ${outcome.error ?? 'unknown reason'}\n`);
      process.exitCode = 1;
      continue;
    }
    process.stdout.write(`${outcome.meetingId}\n`);
    if (options.quiet !== true && files.length > 1) process.stderr.write(`added ${file}\n`);
  }
}

function speakerCount(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 32)
    throw new Error(`--speakers takes a whole number from 1 to 32, not "${value}"`);
  return n;
}

export function addEnqueueCommand(program: Command): void {
  program
    .command('enqueue')
    .description('add recordings (files, or folders of them) to the embedded local queue; prints one meeting id each')
    .argument('<files-or-folders...>')
    .option('--title <title>', 'meeting title (with several files, followed by each file name)')
    .option('--language <code>', "'auto' or a language code such as 'en'")
    .option('--speakers <n>', 'how many people speak (helps diarization)', speakerCount)
    .option('--quiet', 'print only the meeting ids')
    .action(enqueue);
}
