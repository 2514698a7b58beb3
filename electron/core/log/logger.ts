import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import winston from 'winston';

import type { LogLevel } from './log-level.js';
import { createRedactor } from './redact.js';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** The core logs only through this interface; hosts decide where lines go. */
export interface Logger {
  child(name: string): Logger;
  error(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  debug(message: string, fields?: LogFields): void;
}

export interface LogLine {
  time: string;
  logger: string;
  level: LogLevel;
  message: string;
  /** `key=value` pairs (the reason of a failure, a meeting id), redacted; absent when none. */
  fields?: string;
}

export interface LoggerOptions {
  level: LogLevel;
  /** Rotating files pc-worker.log and pc-worker-error.log (10 MB x 5 each) go here when set. */
  logDir?: string | undefined;
  /** Console output goes to stderr so that stdout stays the command's result. */
  console: boolean;
  /** Exact values that must never appear in a log line. */
  secrets: readonly (string | undefined)[];
  /** Every line, already redacted: feeds the worker's event stream. */
  onLine?: (line: LogLine) => void;
}

const rotation = { maxsize: 10 * 1024 * 1024, maxFiles: 5, tailable: true } as const;
const thisDir = path.dirname(fileURLToPath(import.meta.url));

/** `[time] - [logger] - [level] - [file:line] - message | key=value`, the seed's line format. */
export function formatLine(line: LogLine & { source: string; fields: string }): string {
  const tail = line.fields.length > 0 ? ` | ${line.fields}` : '';
  return `[${line.time}] - [${line.logger}] - [${line.level.toUpperCase()}] - [${line.source}] - ${line.message}${tail}`;
}

function formatFields(fields: LogFields | undefined): string {
  if (fields === undefined) return '';
  return Object.entries(fields)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
}

/** file:line of the first stack frame outside the logging code. */
function callerSource(): string {
  const frames = new Error().stack?.split('\n').slice(1) ?? [];
  for (const frame of frames) {
    const match = /\(?((?:file:\/\/)?[^()\s]+):(\d+):\d+\)?$/.exec(frame.trim());
    if (match?.[1] === undefined || match[2] === undefined) continue;
    const file = match[1].startsWith('file://') ? fileURLToPath(match[1]) : match[1];
    if (path.dirname(file) === thisDir || file.includes('node_modules') || file.startsWith('node:')) continue;
    return `${path.basename(file)}:${match[2]}`;
  }
  return 'unknown:0';
}

/** A new log folder is made 0700; log files an older version left world-readable are narrowed to 0600. */
function ownerOnly(logDir: string, files: string[]): void {
  mkdirSync(logDir, { recursive: true, mode: 0o700 });
  for (const file of files) if (existsSync(file)) chmodSync(file, 0o600);
}

export function createLogger(options: LoggerOptions, name = 'pc-worker'): Logger {
  const redact = createRedactor(options.secrets);
  const transports: winston.transport[] = [];
  if (options.console) {
    transports.push(new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] }));
  }
  if (options.logDir !== undefined) {
    const [all, errors] = ['pc-worker.log', 'pc-worker-error.log'].map((name) =>
      path.join(options.logDir ?? '', name),
    ) as [string, string];
    ownerOnly(options.logDir, [all, errors]);
    // Logs name meetings, people and paths: readable by this user only (files 0600, a new folder 0700).
    const fileOptions = { options: { flags: 'a', mode: 0o600 }, ...rotation };
    transports.push(
      new winston.transports.File({ filename: all, ...fileOptions }),
      new winston.transports.File({ filename: errors, level: 'error', ...fileOptions }),
    );
  }
  const sink = winston.createLogger({
    level: options.level,
    format: winston.format.printf((info) => String(info.message)),
    transports,
    silent: transports.length === 0,
  });

  const write = (loggerName: string, level: LogLevel, message: string, fields?: LogFields): void => {
    if (!sink.isLevelEnabled(level)) return;
    const formatted = redact(formatFields(fields));
    const line: LogLine = {
      time: new Date().toISOString(),
      logger: loggerName,
      level,
      message: redact(message),
      ...(formatted === '' ? {} : { fields: formatted }),
    };
    sink.log(level, formatLine({ ...line, source: callerSource(), fields: formatted }));
    options.onLine?.(line);
  };

  const make = (loggerName: string): Logger => ({
    child: (childName) => make(`${loggerName}.${childName}`),
    error: (message, fields) => write(loggerName, 'error', message, fields),
    warn: (message, fields) => write(loggerName, 'warn', message, fields),
    info: (message, fields) => write(loggerName, 'info', message, fields),
    debug: (message, fields) => write(loggerName, 'debug', message, fields),
  });
  return make(name);
}
