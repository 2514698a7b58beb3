import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import mammoth from 'mammoth';
import srtParser2 from 'srt-parser-2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebVTTParser } from 'webvtt-parser';

import { meetingListItemSchema } from '../../electron/contract/library.js';
import { meetingResultSchema, type MeetingResult } from '../../electron/contract/meeting-result.js';
import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { diarizationError, readRttm } from '../bench/speakers-scoring.js';
import { repoDir, sharedDir, sharedModelsDir } from '../support/shared-data.js';

/**
 * The CLI's library commands on a real two-speaker meeting (AMI excerpt trn03, 30 s, with its manual
 * RTTM): `process --format rttm --out`, then `list`, `show` and `export` in every format, each file
 * read back by an independent parser (srt-parser-2, the W3C webvtt-parser, mammoth for DOCX).
 */
const recording = path.join(sharedDir, 'data', 'diarization', 'ami_excerpt_trn03.wav');
const reference = path.join(sharedDir, 'data', 'diarization', 'ami_excerpt_trn03.rttm');

describe('pc-worker list, show, export', { timeout: 600_000 }, () => {
  let dir = '';
  let meetingId = '';
  let processed = { stdout: '', stderr: '' };
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [path.join(repoDir, 'electron/cli/bin.mjs'), ...args], {
      cwd: repoDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PC_WORKER_DATA_DIR: path.join(dir, 'data'),
        AUDIO_TEMP_DIR: path.join(dir, 'temp'),
        MODEL_CACHE_DIR: sharedModelsDir,
        WHISPER_MODEL: 'Xenova/whisper-tiny',
        ALLOW_REMOTE_MODELS: 'false',
        SUPABASE_URL: '',
        SUPABASE_KEY: '',
      },
      timeout: 400_000,
    });
  const exported = (format: string) => {
    const out = path.join(dir, `meeting.${format}`);
    const result = cli('export', meetingId, '--format', format, '--out', out);
    expect(result.status, result.stderr).toBe(0);
    return out;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-library-'));
    const result = cli(
      'process',
      recording,
      '--language',
      'en',
      '--title',
      'AMI excerpt',
      '--format',
      'rttm',
      '--out',
      path.join(dir, 'processed.rttm'),
    );
    expect(result.status, result.stderr).toBe(0);
    processed = result;
    const listed = cli('list', '--json');
    expect(listed.status, listed.stderr).toBe(0);
    const meetings = meetingListItemSchema.array().parse(JSON.parse(listed.stdout));
    expect(meetings.map((m) => [m.title, m.status])).toEqual([['AMI excerpt', 'completed']]);
    meetingId = meetings[0]?.id ?? '';
  }, 500_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('process prints the transcript, then the summary, and keeps no copy of its input', () => {
    const [transcript = '', summary = ''] = processed.stdout.split('\nSummary (extractive)\n');
    expect(transcript).toMatch(/^\[00:\d\d\.\d → 00:\d\d\.\d\] S\d: /);
    expect(summary).toMatch(/^(Key points|Decisions|Action items|Questions asked)\n {2}- \S/m);
    const bucket = path.join(dir, 'data', 'storage', 'meeting-audio', 'local');
    expect(existsSync(bucket) ? readdirSync(bucket) : []).toEqual([]);
  });

  it('list prints one line per meeting with its status, duration and speakers', () => {
    const listed = cli('list');
    expect(listed.stdout).toMatch(new RegExp(`^${meetingId}  \\S+ \\S+  completed\\s+0:30  AMI excerpt  S1`));
  });

  it('show prints the summary and the transcript by speaker turn', () => {
    const shown = cli('show', meetingId);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/^# AMI excerpt\n/);
    expect(shown.stdout).toContain('## Summary');
    expect(shown.stdout).toMatch(/\*\*S\d\*\* \[0:\d\d\]/);
  });

  it('exports JSON in the --out shape, and SRT, WebVTT and DOCX that independent readers take back', async () => {
    const result: MeetingResult = meetingResultSchema.parse(JSON.parse(readFileSync(exported('json'), 'utf8')));
    const words = result.segments.flatMap((s) => s.text.split(/\s+/)).filter(Boolean);
    expect(words.length).toBeGreaterThan(30);

    const srt = new srtParser2().fromSrt(readFileSync(exported('srt'), 'utf8'));
    const vtt = new WebVTTParser().parse(readFileSync(exported('vtt'), 'utf8'), 'subtitles');
    expect(vtt.errors).toEqual([]);
    expect(vtt.cues.length).toBe(srt.length);
    for (const cue of srt) {
      const lines = cue.text.split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(42);
      expect(cue.endSeconds - cue.startSeconds).toBeLessThanOrEqual(7);
    }
    const subtitleWords = srt.flatMap((cue) => cue.text.replace(/^S\d+: /, '').split(/\s+/)).filter(Boolean);
    expect(subtitleWords.length).toBe(words.length);

    const docx = await mammoth.extractRawText({ path: exported('docx') });
    expect(docx.value).toContain('AMI excerpt');
    expect(docx.value).toContain('Transcript');
    expect(docx.value).toContain(result.segments[0]?.text.trim().split(' ').slice(0, 4).join(' '));

    const text = readFileSync(exported('txt'), 'utf8');
    expect(text).toMatch(/^AMI excerpt\n/);
    expect(readFileSync(exported('md'), 'utf8')).toContain('## Transcript');
  });

  it("exports RTTM that scores against the recording's manual reference", () => {
    const rttm = readFileSync(exported('rttm'), 'utf8');
    expect(rttm).toBe(readFileSync(path.join(dir, 'processed.rttm'), 'utf8'));
    for (const line of rttm.trim().split('\n')) {
      expect(line).toMatch(/^SPEAKER AMI_excerpt 1 \d+\.\d{3} \d+\.\d{3} <NA> <NA> S\d+ <NA> <NA>$/);
    }
    const score = diarizationError(readRttm(reference), readRttm(path.join(dir, 'meeting.rttm')), 30, 0.25);
    process.stderr.write(
      `RTTM export of trn03 vs its reference: DER ${(score.der * 100).toFixed(1)} % (collar 0.25 s)\n`,
    );
    expect(score.der).toBeLessThan(0.5);
  });

  it('says "No speech found" for a recording of room noise instead of printing a blank line', () => {
    const noise = path.join(dir, 'room-noise.wav');
    execFileSync(resolveFfmpegBinary(), [
      ...['-v', 'error', '-f', 'lavfi', '-i', 'anoisesrc=color=pink:amplitude=0.02:duration=4'],
      ...['-ar', '16000', '-ac', '1', noise],
    ]);
    const result = cli('process', noise, '--quiet');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe('No speech found in room-noise.wav (4.0 s)\n');
  });

  it('says what is wrong with a bad id, an unfinished meeting and a folder given to process', () => {
    expect(cli('show', 'nope').stderr).toMatch(/"nope" is not a meeting id; pc-worker list shows them/);
    expect(cli('export', '00000000-0000-4000-8000-000000000000').stderr).toMatch(/No meeting 0{8}-/);
    mkdirSync(path.join(dir, 'folder'));
    const folder = cli('process', path.join(dir, 'folder'));
    expect(folder.status).toBe(1);
    expect(folder.stderr).toMatch(/folder is a folder; give one recording, or use `pc-worker enqueue/);
  });
});
