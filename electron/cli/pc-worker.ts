import { randomUUID } from 'node:crypto';
import { rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Command, Option } from 'commander';

import type { WorkerEvent } from '../contract/events.js';
import { exportFormats, type ExportFormat } from '../contract/library.js';
import { whisperModelSettings, type Settings } from '../contract/settings.js';
import { summaryWithNames } from '../contract/summary-speakers.js';
import { loadSettings, SettingsError } from '../core/config/load-settings.js';
import { localObjectPath } from '../core/embedded/pglite-library.js';
import { exportMeeting } from '../core/export/export-meeting.js';
import { createLogger, type Logger } from '../core/log/logger.js';
import { formatSummaryText } from '../core/summary/summary-text.js';
import { createWorkerRuntime, type WorkerRuntime } from '../core/worker-runtime.js';

import { ensureRendererBuilt } from './build-renderer.js';
import { runDashboard } from './dashboard-server.js';
import { addEnqueueCommand } from './enqueue-command.js';
import { addLibraryCommands } from './library-commands.js';
import { progressReporter } from './progress-line.js';
import { addSummarizeCommand } from './summarize-command.js';
import { formatTranscript } from './transcript-text.js';

function openLog(settings: Settings, level: Settings['logLevel'] = settings.logLevel): Logger {
  return createLogger({
    level,
    logDir: settings.logDir,
    console: true,
    secrets: [settings.supabaseKey, settings.summaryApiKey],
  });
}

/** The CLI shows stage boundaries on stderr; the transcript itself goes to stdout. */
function printEvents(log: Logger): (event: WorkerEvent) => void {
  return (event) => {
    if (event.type === 'meeting-progress' && (event.progress === 0 || event.progress === 1)) {
      log.debug(`${event.stage} ${event.progress === 0 ? 'started' : 'done'}`, { meeting: event.meetingId });
    }
  };
}

/** Stops the runtime cleanly on Ctrl+C / SIGTERM: running meetings are released, not lost. */
function stopOnSignals(runtime: WorkerRuntime, log: Logger): void {
  const stop = (signal: string): void => {
    log.info(`received ${signal}; releasing running meetings and stopping`);
    void runtime.close().then(() => process.exit(130));
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

async function processFile(
  file: string,
  options: {
    out?: string;
    format?: ExportFormat;
    language?: string;
    model?: Settings['whisperModel'];
    title?: string;
    quiet?: boolean;
  },
) {
  const input = path.resolve(file);
  const info = await stat(input).catch(() => null);
  if (info === null) throw new Error(`No such file: ${file}`);
  if (info.isDirectory())
    throw new Error(`${file} is a folder; give one recording, or use \`pc-worker enqueue ${file}\`.`);
  const settings = loadSettings({
    overrides: {
      ...(options.language === undefined ? {} : { language: options.language }),
      ...(options.model === undefined ? {} : { whisperModel: options.model }),
    },
  });
  // `process` always uses the embedded queue, even where Supabase is configured.
  const local: Settings = { ...settings, supabaseUrl: undefined, supabaseKey: undefined };
  const quiet = options.quiet === true;
  // On a terminal the progress line says what happens; log lines would tear it, so only warnings show.
  const log = openLog(local, quiet ? 'error' : process.stderr.isTTY ? 'warn' : local.logLevel);
  const progress = progressReporter(process.stderr, { quiet });
  const runtime = await createWorkerRuntime(local, {
    log,
    emit: (event) => progress.onEvent(event),
    owner: 'pc-worker process',
  });
  stopOnSignals(runtime, log);
  const embedded = runtime.embedded;
  const meetingId = randomUUID();
  try {
    if (embedded === null) throw new Error('the embedded queue did not open');
    await embedded.library.addRecording({
      meetingId,
      file: input,
      ...(options.title === undefined ? {} : { title: options.title }),
      ...(options.language === undefined ? {} : { language: options.language }),
    });
    const outcome = await runtime.service.processMeeting(meetingId);
    progress.finish();
    if (outcome.outcome !== 'completed') {
      const message = 'message' in outcome ? outcome.message : outcome.outcome;
      process.stderr.write(`pc-worker: ${message}\n`);
      process.exitCode = 1;
      return;
    }
    const result = outcome.result;
    process.stdout.write(
      result.segments.length === 0
        ? `No speech found in ${path.basename(input)} (${result.durationSec.toFixed(1)} s)\n`
        : `${formatTranscript(result)}\n${result.summary === null ? '' : `\n${formatSummaryText(summaryWithNames(result.summary, result.speakers), result.segments)}\n`}`,
    );
    if (options.out !== undefined) {
      const detail = await embedded.library.getMeeting(meetingId);
      if (detail === null) throw new Error('the meeting was not saved');
      await writeFile(options.out, await exportMeeting({ ...detail, result }, options.format ?? 'json'));
    }
  } finally {
    // The data folder keeps the meeting's rows, never a copy of the recording `process` was given.
    if (embedded !== null)
      await rm(path.join(embedded.bucketDir, ...localObjectPath(meetingId, input).split('/')), { force: true });
    await runtime.close();
  }
}

async function serve(options: { dashboard?: boolean; port: string }) {
  const settings = loadSettings();
  if (options.dashboard === true) {
    ensureRendererBuilt();
    await runDashboard(settings, Number(options.port));
    return;
  }
  const log = openLog(settings);
  const runtime = await createWorkerRuntime(settings, { log, emit: printEvents(log), owner: 'pc-worker serve' });
  log.info(`serving the ${runtime.mode === 'supabase' ? 'Supabase' : 'embedded local'} queue`);
  stopOnSignals(runtime, log);
  await runtime.service.run();
}

const program = new Command('pc-worker').description('Meeting recordings in, speaker-attributed transcripts out.');
program
  .command('process')
  .description('run the whole pipeline on one file through the embedded local queue and print the transcript')
  .argument('<audio-file>')
  .option('--out <file>', 'write the result to this file (JSON unless --format says otherwise)')
  .addOption(new Option('--format <format>', 'format of the --out file').choices(exportFormats))
  .option('--language <code>', "'auto' or a language code such as 'en'")
  .addOption(new Option('--model <id>', 'Whisper model').choices(whisperModelSettings))
  .option('--title <title>', 'meeting title')
  .option('--quiet', 'no progress, only the transcript and errors')
  .action(processFile);
program
  .command('serve')
  .description('process meetings from Supabase (when configured) or the embedded queue until stopped')
  .option('--dashboard', 'also serve the dashboard on 127.0.0.1 (the URL with its access token is printed)')
  .option('--port <n>', 'dashboard port (0 picks a free one)', '4780')
  .action(serve);
addEnqueueCommand(program);
addLibraryCommands(program);
addSummarizeCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(
    `pc-worker: ${error instanceof SettingsError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
