import type { Segment, Word } from '../../contract/meeting-result.js';
import { readPcmWindow, sampleRate, type PcmFile } from '../audio/pcm-file.js';
import { speechRegions } from '../audio/vad-regions.js';
import { vadFrameSec, vadGain } from '../audio/vad.js';
import { CancelledError } from '../errors.js';

import { planChunks, type AudioChunk } from './chunk-plan.js';
import { voteLanguage } from './detect-language.js';
import { trimRepeatedPhrases } from './repetition-guard.js';
import { buildSegments } from './segment-builder.js';
import {
  isDoubtfulStockPhrase,
  tailIsSilence,
  tailRules as defaultTailRules,
  unheardSpeechSec,
  unreadTail,
  type TailRules,
  type TailTrace,
} from './unread-tail.js';
import {
  decodeWindows,
  defaultDecodeRules,
  type DecodedWindow,
  type DecodeRules,
  type WindowWord,
} from './whisper-decoder.js';
import type { SpeechRecognizer } from './whisper-model.js';
import { analyzeWindows, type WindowAnalysis } from './window-analysis.js';

export interface TranscribeOptions {
  /** 'auto' or an ISO-639-1 code. */
  language: string;
  signal: AbortSignal;
  onProgress: (done: number, total: number) => void;
  onSegment: (segment: Segment) => void;
  rules?: Partial<DecodeRules>;
  /** Windows encoded and greedily decoded together (1: one at a time). */
  batchSize?: number;
  /** When a window's unread tail is read and kept (the benchmark sweeps them; the product keeps the defaults). */
  tailRules?: Partial<TailRules>;
}

/** What the guards did, for logs and the benchmark. */
export interface TranscriptStats {
  speechSec: number;
  windows: number;
  /** Windows Whisper's no-speech rule emptied. */
  silentWindows: number;
  /** Windows decoded again at a higher temperature. */
  fallbackWindows: number;
  /** Window tails Whisper left unread, decoded as windows of their own. */
  tailWindows: number;
  /** Unread tails left alone because the VAD heard no speech in them after the last word written. */
  tailsWithoutSpeech: number;
  /** Decoded tails dropped as silence (Whisper's no-speech probability, or a doubtful stock phrase only). */
  tailsSilent: number;
  /** Segments of fallback windows dropped as a doubtful stock phrase only. */
  stockPhrasesDropped: number;
  /** Every unread tail met, in order, with what decided its fate. */
  tails: TailTrace[];
  /** Words removed as repeated-phrase loops. */
  loopWordsRemoved: number;
  languageConfidence: number | null;
}

/** Which decode wrote a segment: a window's greedy pass, its temperature fallback, or a re-read tail. */
export type SegmentOrigin = 'first pass' | 'fallback' | 'tail';

export interface Transcript {
  language: string;
  segments: Segment[];
  /** Where each segment came from, index by index (for the benchmark's hallucination counts). */
  origins: SegmentOrigin[];
  stats: TranscriptStats;
}

/** Language identification reads the windows of the first minute of speech. */
const languageProbeSec = 60;

async function readChunks(pcm: PcmFile, chunks: readonly AudioChunk[]): Promise<Float32Array[]> {
  const windows = [];
  for (const chunk of chunks) {
    const start = Math.round(chunk.startSec * sampleRate);
    windows.push(await readPcmWindow(pcm, start, Math.round(chunk.endSec * sampleRate) - start));
  }
  return windows;
}

/** Window-relative words to recording times: inside the window, never before the previous word. */
function placeWords(words: readonly WindowWord[], chunk: AudioChunk, after: number): Word[] {
  const placed: Word[] = [];
  let floor = Math.max(after, chunk.startSec);
  for (const word of words) {
    if (word.text.trim() === '') continue;
    const start = Math.min(chunk.endSec, Math.max(floor, chunk.startSec + word.start));
    const end = Math.min(chunk.endSec, Math.max(start, chunk.startSec + word.end));
    placed.push({ text: word.text, start, end, speaker: null });
    floor = start;
  }
  return placed;
}

async function chooseLanguage(
  recognizer: SpeechRecognizer,
  pcm: PcmFile,
  chunks: readonly AudioChunk[],
  cache: Map<number, WindowAnalysis>,
  batchSize: number,
): Promise<{ language: string; confidence: number }> {
  let probed = 0;
  for (let heard = 0; probed < chunks.length && heard < languageProbeSec;) {
    const batch = chunks.slice(probed, probed + batchSize);
    const analyses = await analyzeWindows(recognizer.whisper, await readChunks(pcm, batch));
    for (const [offset, analysis] of analyses.entries()) cache.set(probed + offset, analysis);
    heard += batch.reduce((sum, chunk) => sum + chunk.endSec - chunk.startSec, 0);
    probed += batch.length;
  }
  return voteLanguage(
    chunks.slice(0, probed).map((chunk, index) => ({
      probabilities: cache.get(index)?.languageProbabilities ?? new Map<string, number>(),
      speechSec: chunk.endSec - chunk.startSec,
    })),
  );
}

/** Finds speech with the VAD and packs it into ≤ 30 s windows. */
async function speechWindows(
  recognizer: SpeechRecognizer,
  pcm: PcmFile,
  frameRms: Float32Array,
  signal: AbortSignal,
): Promise<{ chunks: AudioChunk[]; probabilities: Float32Array }> {
  const probabilities = await recognizer.vad.speechProbabilities(pcm, { gain: vadGain(frameRms), signal });
  const chunks = planChunks(speechRegions(probabilities, pcm.durationSec), probabilities, { frameSec: vadFrameSec });
  return { chunks, probabilities };
}

/**
 * Transcribes a decoded recording: Silero VAD finds speech, which is cut at pauses into ≤ 30 s windows
 * (silence is never sent to Whisper); the language is voted over the first minute of speech unless the
 * meeting sets it; each window is decoded on its own (no conditioning on earlier text) under Whisper's
 * fallback and no-speech rules, and repeated-phrase loops are removed. Progress is reported and
 * cancellation honoured between windows.
 */
export async function transcribePcm(
  recognizer: SpeechRecognizer,
  pcm: PcmFile,
  frameRms: Float32Array,
  options: TranscribeOptions,
): Promise<Transcript> {
  const rules = { ...defaultDecodeRules, ...options.rules };
  const tailRules = { ...defaultTailRules, ...options.tailRules };
  const batchSize = Math.max(1, options.batchSize ?? 1);
  const { chunks, probabilities: vadProbabilities } = await speechWindows(recognizer, pcm, frameRms, options.signal);
  const cache = new Map<number, WindowAnalysis>();
  const detected = options.language === 'auto' ? await chooseLanguage(recognizer, pcm, chunks, cache, batchSize) : null;
  const language = detected?.language ?? options.language;
  const stats: TranscriptStats = {
    speechSec: chunks.reduce((sum, chunk) => sum + chunk.endSec - chunk.startSec, 0),
    windows: chunks.length,
    silentWindows: 0,
    fallbackWindows: 0,
    tailWindows: 0,
    tailsWithoutSpeech: 0,
    tailsSilent: 0,
    stockPhrasesDropped: 0,
    tails: [],
    loopWordsRemoved: 0,
    languageConfidence: detected?.confidence ?? null,
  };
  const segments: Segment[] = [];
  const origins: SegmentOrigin[] = [];
  // Where the text written so far ends: nothing decoded later starts before it (a re-read tail included).
  let writtenUntil = 0;
  const keep = (decoded: DecodedWindow, chunk: AudioChunk, origin: SegmentOrigin): void => {
    if (decoded.skippedAsSilence) stats.silentWindows += 1;
    if (decoded.temperature > 0) stats.fallbackWindows += 1;
    const words = trimRepeatedPhrases(decoded.words);
    stats.loopWordsRemoved += decoded.words.length - words.length;
    const placed = placeWords(words, chunk, writtenUntil);
    writtenUntil = Math.max(writtenUntil, ...placed.map((word) => word.end));
    for (const segment of buildSegments(placed)) {
      // A window whose greedy pass failed Whisper's own checks is a doubtful read throughout: a segment of it
      // that is only a stock phrase is not kept (the closing "Thank you." of noise, issue 19).
      if (decoded.temperature > 0 && isDoubtfulStockPhrase(segment.text, decoded, tailRules)) {
        stats.stockPhrasesDropped += 1;
        continue;
      }
      segments.push(segment);
      origins.push(origin);
      options.onSegment(segment);
    }
  };
  const keepWithTails = async (decoded: DecodedWindow, chunk: AudioChunk): Promise<void> => {
    let [current, currentChunk] = [decoded, chunk];
    let origin: SegmentOrigin = decoded.temperature > 0 ? 'fallback' : 'first pass';
    for (let pass = 0; ; pass += 1) {
      const finished = current.words.slice(0, current.words.length - current.unfinishedWords);
      const span = pass < tailRules.maxTailPasses ? unreadTail(current, currentChunk, tailRules) : null;
      if (span === null) {
        keep(current, currentChunk, origin);
        return;
      }
      const finishedUntil = Math.max(writtenUntil, ...finished.map((word) => currentChunk.startSec + word.end));
      const trace: TailTrace = {
        speechSec: unheardSpeechSec(vadProbabilities, span, finishedUntil, tailRules),
        decoded: null,
      };
      stats.tails.push(trace);
      if (trace.speechSec < tailRules.minSpeechSec) {
        stats.tailsWithoutSpeech += 1;
        keep(current, currentChunk, origin);
        return;
      }
      // The tail starts at the last timestamp: words of a segment left open there are read again.
      keep({ ...current, words: finished }, currentChunk, origin);
      // Nothing has analysed the tail yet: an empty cache.
      const [again] = await decodeBatch(recognizer, await readChunks(pcm, [span]), 0, new Map(), language, rules);
      if (again === undefined) return;
      stats.tailWindows += 1;
      const { text, skippedAsSilence, noSpeechProbability, averageLogprob } = again;
      trace.decoded = { text, skippedAsSilence, noSpeechProbability, averageLogprob };
      if (tailIsSilence(again, tailRules)) {
        stats.tailsSilent += 1;
        return;
      }
      [current, currentChunk, origin] = [again, span, 'tail'];
    }
  };
  options.onProgress(0, chunks.length);
  for (let first = 0; first < chunks.length; first += batchSize) {
    if (options.signal.aborted) throw new CancelledError('Transcription cancelled.');
    const batch = chunks.slice(first, first + batchSize);
    const decoded = await decodeBatch(recognizer, await readChunks(pcm, batch), first, cache, language, rules);
    for (const [offset, chunk] of batch.entries()) {
      const window = decoded[offset];
      if (window !== undefined) await keepWithTails(window, chunk);
    }
    options.onProgress(first + batch.length, chunks.length);
  }
  return { language, segments, origins, stats };
}

/** Decodes consecutive windows together, reusing the analyses `cache` holds (language detection's) by window index. */
async function decodeBatch(
  recognizer: SpeechRecognizer,
  windows: Float32Array[],
  first: number,
  cache: Map<number, WindowAnalysis>,
  language: string,
  rules: DecodeRules,
): Promise<DecodedWindow[]> {
  const missing = windows.filter((_, offset) => !cache.has(first + offset));
  const fresh = missing.length === 0 ? [] : await analyzeWindows(recognizer.whisper, missing);
  const toDecode = [];
  for (const [offset, samples] of windows.entries()) {
    const analysis = cache.get(first + offset) ?? fresh.shift();
    cache.delete(first + offset);
    if (analysis !== undefined) toDecode.push({ samples, analysis });
  }
  return decodeWindows(recognizer.whisper, toDecode, language, rules);
}
