import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { meetingResultSchema } from '../../electron/contract/meeting-result.js';
import { errorRate } from '../../electron/core/asr/text-normalizer.js';
import { repoDir, sampleRecording, sharedModelsDir } from '../support/shared-data.js';

describe('the pc-worker command', () => {
  let dir = '';
  const run = (command: string, args: string[], extraEnv: Record<string, string> = {}) =>
    spawnSync(command, args, {
      cwd: repoDir,
      encoding: 'utf8',
      env: {
        ...process.env,
        PC_WORKER_DATA_DIR: path.join(dir, 'data'),
        AUDIO_TEMP_DIR: path.join(dir, 'temp'),
        ALLOW_REMOTE_MODELS: 'false',
        SUPABASE_URL: '',
        SUPABASE_KEY: '',
        ...extraEnv,
      },
      timeout: 180_000,
    });
  const cli = (...args: string[]) =>
    run(process.execPath, [path.join(repoDir, 'electron/cli/bin.mjs'), ...args], {
      MODEL_CACHE_DIR: sharedModelsDir,
      WHISPER_MODEL: 'Xenova/whisper-tiny',
    });

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("runs the README's main job (npm run demo) and prints an accurate transcript", () => {
    const result = run('npm', ['run', '--silent', 'demo']);
    expect(result.status, result.stderr).toBe(0);
    // The transcript is the timed lines; the summary printed after them is scored by bench:summary.
    const transcript = result.stdout
      .split('\n')
      .filter((line) => /^\[\d/.test(line))
      .map((line) => line.replace(/^\[[^\]]*\]\s*S\d+:/, ' '))
      .join(' ');
    expect(transcript.length).toBeGreaterThan(0);
    expect(errorRate(sampleRecording.reference, transcript, 'en')).toBeLessThanOrEqual(0.2);
    expect(result.stderr).toMatch(/real-time factor/);
  });

  it('process --out writes the documented JSON: language, duration, timed segments and words, stage timings', () => {
    const out = path.join(dir, 'result.json');
    const result = cli('process', sampleRecording.file, '--out', out, '--language', 'en');
    expect(result.status, result.stderr).toBe(0);
    const parsed = meetingResultSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(parsed.language).toBe('en');
    expect(parsed.durationSec).toBeCloseTo(10.44, 1);
    const words = parsed.segments.flatMap((segment) => segment.words);
    expect(words.length).toBeGreaterThan(20);
    for (const [index, word] of words.entries()) {
      expect(word.end).toBeGreaterThanOrEqual(word.start);
      if (index > 0) expect(word.start).toBeGreaterThanOrEqual(words[index - 1]?.start ?? 0);
      expect(word.end).toBeLessThanOrEqual(parsed.durationSec + 0.05);
    }
    expect(Object.keys(parsed.timingsSec)).toEqual(expect.arrayContaining(['download', 'decode', 'transcribe']));
    // The summary has exactly the documented keys (items' keys: tests/integration/cli-summarize.test.ts).
    const raw = JSON.parse(readFileSync(out, 'utf8')) as { summary: { items: object[] } };
    expect(Object.keys(raw.summary).sort()).toEqual(['backend', 'items', 'overview']);
    expect(parsed.summary?.backend).toBe('extractive');
    // The sample is one sentence: the overview quotes it, and no key point repeats it.
    const spoken = parsed.segments.map((segment) => segment.text.trim()).join(' ');
    expect(parsed.summary?.overview).toContain(spoken.slice(0, 40));
    expect(parsed.summary?.items).toEqual([]);
  });

  it('fails a file that is not audio with a clear message and exit code 1', () => {
    const bogus = path.join(dir, 'notes.mp3');
    writeFileSync(bogus, 'these are meeting notes, not a recording');
    const result = cli('process', bogus);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/pc-worker: The file is not a recording PC Worker can read/);
  });

  it('names the missing model when it is neither cached nor downloadable', () => {
    const result = run(
      process.execPath,
      [path.join(repoDir, 'electron/cli/bin.mjs'), 'process', sampleRecording.file],
      {
        MODEL_CACHE_DIR: path.join(dir, 'no-models-here'),
        WHISPER_MODEL: 'Xenova/whisper-tiny',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(
      /Xenova\/whisper-tiny is not available offline: missing .*Put the model in MODEL_CACHE_DIR/,
    );
  });

  it('enqueue adds a recording to the local queue and prints its meeting id', () => {
    const result = cli('enqueue', sampleRecording.file, '--title', 'Seminar');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout.trim()).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('explains an invalid setting instead of starting', () => {
    const result = run(process.execPath, [path.join(repoDir, 'electron/cli/bin.mjs'), 'serve'], {
      MAX_CONCURRENT_JOBS: '0',
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/maxConcurrentJobs \(MAX_CONCURRENT_JOBS\)/);
  });
});
