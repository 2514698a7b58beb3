import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { decodeToPcm, type DecodeOptions } from '../../electron/core/audio/decode.js';
import { resolveFfmpegBinary } from '../../electron/core/audio/ffmpeg-binary.js';
import { CorruptedAudioError, PreprocessingError, WorkerError } from '../../electron/core/errors.js';
import { sampleRecording } from '../support/shared-data.js';

import { buildCorpus, type CorpusFile } from './support/bad-audio-corpus.js';
import { tallyOutcomes, writeResultsSection, type ScenarioTally } from './support/results-report.js';

/** The decoder path (decodeToPcm, real ffmpeg) against a generated bad-input corpus, a fuzz loop and limits. */
const ffmpeg = resolveFfmpegBinary();
const fuzzIterations = Number(process.env['FAULT_FUZZ'] ?? 40);
const results: ScenarioTally[] = [];

type Outcome = { processed: true; seconds: number } | { processed: false; error: unknown };

describe('the decoder on bad input', { timeout: 240_000 }, () => {
  let dir = '';
  let out = '';
  let corpus: CorpusFile[] = [];
  const options = (extra: Partial<DecodeOptions> = {}): DecodeOptions => ({
    ffmpeg,
    maxDurationSec: 8 * 3600,
    signal: new AbortController().signal,
    onProgress: () => undefined,
    ...extra,
  });
  const decode = async (file: string, extra: Partial<DecodeOptions> = {}): Promise<Outcome> => {
    const output = path.join(out, `${path.basename(file)}.f32`);
    try {
      const decoded = await decodeToPcm(file, output, options(extra));
      rmSync(output, { force: true });
      return { processed: true, seconds: decoded.durationSec };
    } catch (error) {
      return { processed: false, error };
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pcw-decoder-faults-'));
    out = path.join(dir, 'out');
    mkdirSync(out);
    corpus = buildCorpus(ffmpeg, dir);
  });

  afterAll(() => {
    writeResultsSection(
      'decoder',
      'Decoder path: generated bad-input corpus, fuzz, limits',
      results,
      `decodeToPcm with ${ffmpeg}; fuzz iterations FAULT_FUZZ=${fuzzIterations}.`,
    );
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives every corpus file the right outcome, with a clear reason and no output file left', async () => {
    const rows: string[] = [];
    let right = 0;
    for (const item of corpus) {
      const outcome = await decode(item.file);
      const message = outcome.processed ? `${outcome.seconds.toFixed(1)} s` : (outcome.error as Error).message;
      rows.push(`${item.name}: ${message}`);
      const expected = item.expected;
      if (expected.processed) {
        expect(outcome.processed, `${item.name}: ${message}`).toBe(true);
        if (outcome.processed) expect(outcome.seconds).toBeCloseTo(expected.seconds ?? 0, 0);
      } else {
        expect(outcome.processed, item.name).toBe(false);
        expect('error' in outcome ? outcome.error : null, item.name).toBeInstanceOf(CorruptedAudioError);
        expect(message, item.name).toMatch(expected.reason);
      }
      right++;
    }
    expect(readdirSync(out)).toEqual([]);
    const failed = corpus.filter((item) => !item.expected.processed).length;
    results.push({
      scenario: 'generated corpus',
      runs: 1,
      submitted: corpus.length,
      completedOnce: corpus.length - failed,
      failedWithReason: failed,
      lost: corpus.length - right,
      duplicated: 0,
      notes: rows.join('; '),
    });
  });

  it('survives a bounded fuzz loop over mutated headers: each mutant decodes or fails with a WorkerError', async () => {
    const seeds = ['truncated.wav', 'truncated.flac', 'truncated.mp3'].map((name) =>
      path.join(dir, name.replace('truncated', 'seed')),
    );
    for (const seed of seeds)
      execFileSync(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-y', '-i', sampleRecording.file, '-t', '3', seed]);
    let decoded = 0;
    let refused = 0;
    let random = 0x9e3779b9;
    const next = () => (random = (Math.imul(random ^ (random >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0);
    const started = performance.now();
    for (let iteration = 0; iteration < fuzzIterations; iteration++) {
      const bytes = Buffer.from(readFileSync(seeds[iteration % seeds.length] ?? ''));
      for (let flip = 0; flip < 1 + (next() % 8); flip++) bytes[next() % Math.min(128, bytes.length)] = next() & 0xff;
      const mutant = path.join(dir, `mutant-${iteration}${path.extname(seeds[iteration % seeds.length] ?? '')}`);
      writeFileSync(mutant, bytes);
      const outcome = await decode(mutant, { timeLimitMs: 20_000 });
      if (outcome.processed) decoded++;
      else {
        const { error } = outcome;
        expect(error).toBeInstanceOf(WorkerError);
        expect((error as Error).message).not.toMatch(/unexpectedly/);
        refused++;
      }
      rmSync(mutant);
    }
    expect(readdirSync(out)).toEqual([]);
    results.push({
      scenario: 'fuzz: mutated WAV/FLAC/MP3 headers (first 128 bytes)',
      runs: fuzzIterations,
      submitted: fuzzIterations,
      completedOnce: decoded,
      failedWithReason: refused,
      lost: fuzzIterations - decoded - refused,
      duplicated: 0,
      notes: `${decoded} decoded, ${refused} refused with a WorkerError; ${((performance.now() - started) / fuzzIterations).toFixed(0)} ms per mutant`,
    });
  });

  it('stops a decoder that runs past its time limit and leaves nothing behind', async () => {
    // Real ffmpeg told to read at the recording's own pace (-re): a 10 s clip takes 10 s.
    const slow = path.join(dir, 'slow-ffmpeg.sh');
    writeFileSync(slow, `#!/bin/sh\nexec ${ffmpeg} -re "$@"\n`);
    chmodSync(slow, 0o755);
    const started = performance.now();
    const outcome = await decode(sampleRecording.file, { ffmpeg: slow, timeLimitMs: 1_500 });
    const seconds = (performance.now() - started) / 1000;
    expect(outcome.processed).toBe(false);
    if (!outcome.processed) {
      expect(outcome.error).toBeInstanceOf(PreprocessingError);
      expect((outcome.error as Error).message).toMatch(/longer than 2 s, the decoder's time limit/);
    }
    expect(seconds).toBeLessThan(5);
    expect(readdirSync(out)).toEqual([]);
    const stopped =
      !outcome.processed && /the decoder's time limit/.test((outcome.error as Error).message) && seconds < 5;
    results.push(
      tallyOutcomes(
        'decoder past its time limit (1.5 s)',
        [stopped ? 'failed-right' : 'lost'],
        `stopped after ${seconds.toFixed(1)} s; ${String(readdirSync(out).length)} files left`,
      ),
    );
  });

  it('fails with "temp folder is full" when the disk fills while decoding, and leaves nothing behind', async () => {
    // Any user, no mount: the output path is a link to /dev/full, where every write fails with ENOSPC,
    // the error a full AUDIO_TEMP_DIR gives. The worker must remove what it was writing (here the link).
    expect(existsSync('/dev/full'), 'this test needs Linux /dev/full (ENOSPC on every write)').toBe(true);
    const small = path.join(dir, 'full-disk');
    mkdirSync(small);
    const output = path.join(small, 'audio.f32');
    symlinkSync('/dev/full', output);
    const outcome = await decodeToPcm(sampleRecording.file, output, options()).then(
      () => null,
      (error: unknown) => error as Error,
    );
    expect(outcome).toBeInstanceOf(PreprocessingError);
    expect(outcome?.message).toMatch(/temp folder is full/);
    expect((outcome as PreprocessingError).retryable).toBe(true);
    expect(readdirSync(small)).toEqual([]);
    const full =
      outcome instanceof PreprocessingError && outcome.retryable && /temp folder is full/.test(outcome.message);
    results.push(
      tallyOutcomes(
        'temp disk full while decoding (output on /dev/full)',
        [full ? 'failed-right' : 'lost'],
        `${full ? 'retryable' : 'not retryable'}: "${outcome?.message ?? ''}"; ${String(readdirSync(small).length)} files left in the folder`,
      ),
    );
  });
});
