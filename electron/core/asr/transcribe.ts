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
  /** Words removed as repeated-phrase loops. */
  loopWordsRemoved: number;
  languageConfidence: number | null;
}

export interface Transcript {
  language: string;
  segments: Segment[];
  stats: TranscriptStats;
}

/**
 * Whisper often closes its last segment and stops before the window's speech ends (a final sentence
 * of a LibriSpeech clip, "…the Hurons are dogs", simply missing). whisper.cpp seeks to the last
 * timestamp and reads on; so do we: a tail of at least a second after the last timestamp is decoded
 * as a window of its own (its own encoder pass and the same fallback and no-speech rules).
 */
const minTailSec = 1;
const maxTailPasses = 3;

function unreadTail(decoded: DecodedWindow, chunk: AudioChunk): AudioChunk | null {
  if (decoded.skippedAsSilence || decoded.text === '' || decoded.endSec === null) return null;
  const startSec = chunk.startSec + decoded.endSec;
  // No progress (the text ends at the window's start) would decode the same audio again.
  if (decoded.endSec < minTailSec || chunk.endSec - startSec < minTailSec) return null;
  return { startSec, endSec: chunk.endSec };
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
): Promise<AudioChunk[]> {
  const probabilities = await recognizer.vad.speechProbabilities(pcm, { gain: vadGain(frameRms), signal });
  return planChunks(speechRegions(probabilities, pcm.durationSec), probabilities, { frameSec: vadFrameSec });
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
  const batchSize = Math.max(1, options.batchSize ?? 1);
  const chunks = await speechWindows(recognizer, pcm, frameRms, options.signal);
  const cache = new Map<number, WindowAnalysis>();
  const detected = options.language === 'auto' ? await chooseLanguage(recognizer, pcm, chunks, cache, batchSize) : null;
  const language = detected?.language ?? options.language;
  const stats: TranscriptStats = {
    speechSec: chunks.reduce((sum, chunk) => sum + chunk.endSec - chunk.startSec, 0),
    windows: chunks.length,
    silentWindows: 0,
    fallbackWindows: 0,
    tailWindows: 0,
    loopWordsRemoved: 0,
    languageConfidence: detected?.confidence ?? null,
  };
  const segments: Segment[] = [];
  let lastWordStart = 0;
  const keep = (decoded: DecodedWindow, chunk: AudioChunk): void => {
    if (decoded.skippedAsSilence) stats.silentWindows += 1;
    if (decoded.temperature > 0) stats.fallbackWindows += 1;
    const words = trimRepeatedPhrases(decoded.words);
    stats.loopWordsRemoved += decoded.words.length - words.length;
    const placed = placeWords(words, chunk, lastWordStart);
    lastWordStart = placed.at(-1)?.start ?? lastWordStart;
    for (const segment of buildSegments(placed)) {
      segments.push(segment);
      options.onSegment(segment);
    }
  };
  const keepWithTails = async (decoded: DecodedWindow, chunk: AudioChunk): Promise<void> => {
    let [current, currentChunk] = [decoded, chunk];
    for (let pass = 0; ; pass += 1) {
      const tail = pass < maxTailPasses ? unreadTail(current, currentChunk) : null;
      if (tail === null) {
        keep(current, currentChunk);
        return;
      }
      // The tail starts at the last timestamp: words of a segment left open there are read again.
      keep({ ...current, words: current.words.slice(0, current.words.length - current.unfinishedWords) }, currentChunk);
      // Nothing has analysed the tail yet: an empty cache.
      const [again] = await decodeBatch(recognizer, await readChunks(pcm, [tail]), 0, new Map(), language, rules);
      if (again === undefined) return;
      stats.tailWindows += 1;
      [current, currentChunk] = [again, tail];
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
  return { language, segments, stats };
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
