import { writeFile } from 'node:fs/promises';

import { Option, type Command } from 'commander';

import { exportFormats, type ExportFormat, type MeetingDetail, type MeetingListItem } from '../contract/library.js';
import { readableClock } from '../contract/transcript-turns.js';
import { loadSettings } from '../core/config/load-settings.js';
import { exportMeeting } from '../core/export/export-meeting.js';

import { withLocalLibrary } from './library-access.js';

function listLine(meeting: MeetingListItem): string {
  const duration = meeting.durationSec === null ? '–' : readableClock(meeting.durationSec);
  const speakers = meeting.speakers.length === 0 ? '' : `  ${meeting.speakers.join(', ')}`;
  const why = meeting.status === 'failed' && meeting.errorMessage !== null ? `  (${meeting.errorMessage})` : '';
  return `${meeting.id}  ${meeting.createdAt.slice(0, 16).replace('T', ' ')}  ${meeting.status.padEnd(10)}  ${duration.padStart(7)}  ${meeting.title ?? ''}${speakers}${why}`;
}

async function list(options: { json?: boolean; limit: string }): Promise<void> {
  const meetings = await withLocalLibrary(loadSettings(), 'pc-worker list', (library) =>
    library.listMeetings({ limit: Number(options.limit) }),
  );
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(meetings, null, 2)}\n`);
    return;
  }
  if (meetings.length === 0) {
    process.stderr.write('No meetings yet. Add one with: pc-worker enqueue <file>\n');
    return;
  }
  process.stdout.write(`${meetings.map(listLine).join('\n')}\n`);
}

/** The meeting, or an error that says how to find a valid id. */
async function readMeeting(meetingId: string, command: string): Promise<MeetingDetail> {
  if (!/^[0-9a-f-]{36}$/i.test(meetingId))
    throw new Error(`"${meetingId}" is not a meeting id; pc-worker list shows them.`);
  const detail = await withLocalLibrary(loadSettings(), command, (library) => library.getMeeting(meetingId));
  if (detail === null) throw new Error(`No meeting ${meetingId} in this data folder; pc-worker list shows them.`);
  return detail;
}

function completed(detail: MeetingDetail): MeetingDetail & { result: NonNullable<MeetingDetail['result']> } {
  if (detail.result === null) {
    const why = detail.meeting.errorMessage === null ? '' : `: ${detail.meeting.errorMessage}`;
    throw new Error(`The meeting "${detail.meeting.title ?? detail.meeting.id}" is ${detail.meeting.status}${why}.`);
  }
  return { ...detail, result: detail.result };
}

async function show(meetingId: string): Promise<void> {
  const detail = completed(await readMeeting(meetingId, 'pc-worker show'));
  process.stdout.write(String(await exportMeeting(detail, 'md')));
}

async function exportCommand(meetingId: string, options: { format: ExportFormat; out?: string }): Promise<void> {
  const detail = completed(await readMeeting(meetingId, 'pc-worker export'));
  const body = await exportMeeting(detail, options.format);
  if (options.out !== undefined) await writeFile(options.out, body);
  else if (typeof body === 'string') process.stdout.write(body);
  else throw new Error('A DOCX file is binary: name the file to write with --out.');
}

export const formatOption = () =>
  new Option('--format <format>', 'export format').choices(exportFormats).default('txt');

export function addLibraryCommands(program: Command): void {
  program
    .command('list')
    .description('list the meetings in the embedded local queue, newest first')
    .option('--json', 'print them as JSON')
    .option('--limit <n>', 'how many', '200')
    .action(list);
  program
    .command('show')
    .description('print a completed meeting: summary, then the transcript by speaker turn')
    .argument('<meeting-id>')
    .action(show);
  program
    .command('export')
    .description('write a completed meeting as txt, md, srt, vtt, docx, json or rttm')
    .argument('<meeting-id>')
    .addOption(formatOption())
    .option('--out <file>', 'write to this file (default: standard output; required for docx)')
    .action(exportCommand);
}
