import { readFile, writeFile } from 'node:fs/promises';

import { Option, type Command } from 'commander';

import { summaryBackendChoices, type Settings } from '../contract/settings.js';
import { loadSettings } from '../core/config/load-settings.js';
import { createLogger } from '../core/log/logger.js';
import { summarizeMeeting, summaryBackendChain, summaryConfigFromSettings } from '../core/summary/summarize-meeting.js';
import { parseTranscriptFile } from '../core/summary/summary-input.js';
import { formatSummaryText } from '../core/summary/summary-text.js';

interface SummarizeOptions {
  out?: string;
  meeting?: string;
  language?: string;
  backend?: Settings['summaryBackend'];
  text?: boolean;
}

/**
 * `pc-worker summarize <file>`: the summary of a transcript that already exists (a `process --out`
 * result, perhaps corrected by hand, or a line of the summaries set), as JSON on stdout or in a file.
 */
async function summarizeFile(file: string, options: SummarizeOptions): Promise<void> {
  const settings = loadSettings({
    overrides: options.backend === undefined ? {} : { summaryBackend: options.backend },
  });
  const log = createLogger({
    level: settings.logLevel,
    console: true,
    secrets: [settings.supabaseKey, settings.summaryApiKey],
  });
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    throw new Error(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : String(error)}`);
  });
  const transcript = parseTranscriptFile(text, options.meeting);
  const language = options.language ?? transcript.language;
  const summary = await summarizeMeeting(
    { language, segments: transcript.segments },
    summaryBackendChain(summaryConfigFromSettings(settings), log),
    { signal: new AbortController().signal, log, onProgress: () => undefined },
  );
  const output =
    options.text === true
      ? `${summary === null ? 'Nothing to summarise.' : formatSummaryText(summary, transcript.segments)}\n`
      : `${JSON.stringify(summary, null, 2)}\n`;
  if (options.out === undefined) process.stdout.write(output);
  else await writeFile(options.out, output);
}

export function addSummarizeCommand(program: Command): void {
  program
    .command('summarize')
    .description(
      'summarize an existing transcript (a `process --out` JSON, or a line with `turns`) and print the summary JSON',
    )
    .argument('<transcript-file>')
    .option('--out <file>', 'write the summary JSON to a file instead of printing it')
    .option('--text', 'print the summary as readable text (overview, then items with speaker and time) instead of JSON')
    .option('--meeting <id>', 'the meeting to take from a JSON Lines file with several')
    .option('--language <code>', "the transcript's language when the file does not say ('en' for `turns`)")
    .addOption(new Option('--backend <name>', 'summary backend').choices(summaryBackendChoices))
    .action(summarizeFile);
}
