import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import type { Segment } from '../../electron/contract/meeting-result.js';
import { createLogger } from '../../electron/core/log/logger.js';
import { contentWordFilter } from '../../electron/core/summary/content-words.js';
import { citationSupport, minimumSupport } from '../../electron/core/summary/grounding.js';
import { summarizeMeeting, summaryBackendChain } from '../../electron/core/summary/summarize-meeting.js';
import { readAsrReferences, sharedDir } from '../support/shared-data.js';

/** Real English sentences: AMI meeting speech (punctuated) and LibriSpeech/Common Voice references. */
function realSentences(): string[] {
  const ami = readFileSync(path.join(sharedDir, 'data/diarization/ami_seriously_mixture.speaker_text.tsv'), 'utf8')
    .split('\n')
    .slice(1)
    .flatMap((line) => (line.split('\t')[2] ?? '').split(/(?<=[.?!])\s+/));
  const read = readAsrReferences()
    .filter((reference) => reference.language === 'en')
    .map((reference) => `${reference.text.charAt(0)}${reference.text.slice(1).toLowerCase()}.`);
  return [...ami, ...read].filter((sentence) => sentence.split(' ').length >= 4);
}

/** A two-hour, four-speaker transcript: one real sentence every five seconds, recycled. */
function twoHourTranscript(): Segment[] {
  const sentences = realSentences();
  const segments: Segment[] = [];
  for (let index = 0; index < (2 * 3600) / 5; index += 1) {
    segments.push({
      start: index * 5,
      end: index * 5 + 4.5,
      text: sentences[index % sentences.length] ?? '',
      speaker: `S${(Math.floor(index / 3) % 4) + 1}`,
      speakerId: null,
      words: [],
    });
  }
  return segments;
}

describe('summarising a long meeting', () => {
  it('summarises a two-hour transcript extractively in one linear pass within bounded memory and time, reporting progress', async () => {
    const segments = twoHourTranscript();
    const log = createLogger({ level: 'error', console: false, secrets: [] });
    // maxRSS is the process's high-water mark, so it also catches peaks between two progress calls.
    const rssBefore = process.resourceUsage().maxRSS * 1024;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const progress: number[] = [];
    const started = performance.now();
    const summary = await summarizeMeeting(
      { language: 'en', segments },
      summaryBackendChain({ backend: 'auto', chat: null, windowSec: 600 }, log),
      {
        signal: new AbortController().signal,
        log,
        windowSec: 600,
        onProgress: (fraction) => {
          progress.push(fraction);
          heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
        },
      },
    );
    const seconds = (performance.now() - started) / 1000;

    expect(segments).toHaveLength(1440);
    expect(seconds).toBeLessThan(60);
    /*
     * The budget: the transcript is 0.36 MB of JSON, and the extractive pass keeps one term map per
     * sentence (no similarity graph), so the stage's working set is a few MiB (measured: 13 MiB
     * of heap and 29 MiB of RSS growth at load average 9 on 2 cores). Beside Whisper and the speaker
     * models (hundreds of MiB) the summary stage gets 64 MiB of heap and 100 MiB of RSS growth for a
     * two-hour meeting, which leaves room for GC timing.
     */
    const mebibytes = 2 ** 20;
    expect((process.resourceUsage().maxRSS * 1024 - rssBefore) / mebibytes).toBeLessThan(100);
    expect((heapPeak - heapBefore) / mebibytes).toBeLessThan(64);
    // The extractive summarizer is linear in the meeting's length and reads it whole (topics span windows).
    expect(progress).toEqual([0.5, 1]);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    expect(progress.at(-1)).toBe(1);

    expect(summary?.backend).toBe('extractive');
    expect(summary?.overview.length).toBeGreaterThan(40);
    const items = summary?.items ?? [];
    expect(items.filter((item) => item.kind === 'key_point').length).toBeLessThanOrEqual(12);
    const filter = contentWordFilter('en');
    for (const item of items) {
      expect(citationSupport(item.text, item.segments, segments, filter)).toBeGreaterThanOrEqual(minimumSupport);
      expect(item.speakers.length).toBeGreaterThan(0);
    }
    // The sentences recur every few minutes: the merge keeps one of each, not one per window.
    expect(new Set(items.map((item) => item.text)).size).toBe(items.length);
  });
});
