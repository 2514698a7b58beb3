import { writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Command, Option } from 'commander';

import type { WorkerEvent } from '../contract/events.js';
import { whisperModelSettings, type Settings } from '../contract/settings.js';
import { loadSettings, SettingsError } from '../core/config/load-settings.js';
import { enqueueLocalRecording } from '../core/embedded/local-meetings.js';
import { createLogger, type Logger } from '../core/log/logger.js';
import { createWorkerRuntime, type WorkerRuntime } from '../core/worker-runtime.js';

import { runDashboard } from './dashboard-server.js';
import { addSummarizeCommand } from './summarize-command.js';
import { formatTranscript } from './transcript-text.js';

function openLog(settings: Settings): Logger {
  return createLogger({
    level: settings.logLevel,
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
  options: { out?: string; language?: string; model?: Settings['whisperModel']; title?: string },
) {
  const settings = loadSettings({
    overrides: {
      ...(options.language === undefined ? {} : { language: options.language }),
      ...(options.model === undefined ? {} : { whisperModel: options.model }),
    },
  });
  // `process` always uses the embedded queue, even where Supabase is configured.
  const local: Settings = { ...settings, supabaseUrl: undefined, supabaseKey: undefined };
  const log = openLog(local);
  const runtime = await createWorkerRuntime(local, { log, emit: printEvents(log) });
  stopOnSignals(runtime, log);
  try {
    const embedded = runtime.embedded;
    if (embedded === null) throw new Error('the embedded queue did not open');
    const meetingId = await enqueueLocalRecording(embedded.db, embedded.bucketDir, path.resolve(file), {
      title: options.title,
      language: options.language,
    });
    const outcome = await runtime.service.processMeeting(meetingId);
    if (outcome.outcome !== 'completed') {
      const message = 'message' in outcome ? outcome.message : outcome.outcome;
      process.stderr.write(`pc-worker: ${message}\n`);
      process.exitCode = 1;
      return;
    }
    process.stdout.write(`${formatTranscript(outcome.result)}\n`);
    if (options.out !== undefined) await writeFile(options.out, `${JSON.stringify(outcome.result, null, 2)}\n`);
  } finally {
    await runtime.close();
  }
}

async function serve(options: { dashboard?: boolean; port: string }) {
  const settings = loadSettings();
  if (options.dashboard === true) {
    await runDashboard(settings, Number(options.port));
    return;
  }
  const log = openLog(settings);
  const runtime = await createWorkerRuntime(settings, { log, emit: printEvents(log) });
  log.info(`serving the ${runtime.mode === 'supabase' ? 'Supabase' : 'embedded local'} queue`);
  stopOnSignals(runtime, log);
  await runtime.service.run();
}

async function enqueue(file: string, options: { title?: string; language?: string }) {
  const settings = loadSettings();
  if (settings.supabaseUrl !== undefined) {
    throw new Error('enqueue adds to the embedded local queue; with Supabase configured, the web app adds meetings');
  }
  const log = openLog(settings);
  const runtime = await createWorkerRuntime(settings, { log, emit: () => undefined });
  try {
    const embedded = runtime.embedded;
    if (embedded === null) throw new Error('the embedded queue did not open');
    const meetingId = await enqueueLocalRecording(embedded.db, embedded.bucketDir, path.resolve(file), options);
    process.stdout.write(`${meetingId}\n`);
  } finally {
    await runtime.close();
  }
}

const program = new Command('pc-worker').description('Meeting recordings in, speaker-attributed transcripts out.');
program
  .command('process')
  .description('run the whole pipeline on one file through the embedded local queue and print the transcript')
  .argument('<audio-file>')
  .option('--out <file>', 'write the result as JSON')
  .option('--language <code>', "'auto' or a language code such as 'en'")
  .addOption(new Option('--model <id>', 'Whisper model').choices(whisperModelSettings))
  .option('--title <title>', 'meeting title')
  .action(processFile);
program
  .command('serve')
  .description('process meetings from Supabase (when configured) or the embedded queue until stopped')
  .option('--dashboard', 'also serve the dashboard on 127.0.0.1 (the URL with its access token is printed)')
  .option('--port <n>', 'dashboard port (0 picks a free one)', '4780')
  .action(serve);
program
  .command('enqueue')
  .description('add a recording to the embedded local queue')
  .argument('<audio-file>')
  .option('--title <title>', 'meeting title')
  .option('--language <code>', "'auto' or a language code")
  .action(enqueue);
addSummarizeCommand(program);

try {
  await program.parseAsync();
} catch (error) {
  process.stderr.write(
    `pc-worker: ${error instanceof SettingsError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exitCode = 1;
}
