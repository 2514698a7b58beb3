import { vadFrameSec } from '../audio/vad.js';

import type { AudioChunk } from './chunk-plan.js';
import { isStockPhrase } from './stock-phrases.js';
import type { DecodedWindow } from './whisper-decoder.js';

/**
 * Whisper often closes its last segment and stops before the window's speech ends (a final sentence
 * of a LibriSpeech clip, "…the Hurons are dogs", simply missing). whisper.cpp seeks to the last
 * timestamp and reads on; so do we: a tail of at least a second after the last timestamp is decoded
 * as a window of its own (its own encoder pass and the same fallback and no-speech rules).
 *
 * A tail that holds no speech is where Whisper invents its stock phrases ("Thank you.", issue 19), so
 * a tail is read only when the VAD hears speech in it after the words already written, and what it
 * yields is dropped when Whisper itself doubts there was speech.
 */
export interface TailRules {
  minTailSec: number;
  maxTailPasses: number;
  minSpeechSec: number;
  vadThreshold: number;
  noSpeechProbability: number;
  stockPhraseLogprob: number;
  stockPhraseNoSpeech: number;
}

export const tailRules: TailRules = {
  minTailSec: 1,
  maxTailPasses: 3,
  /** VAD speech (Silero's 0.5) needed after the last word written: Silero's own shortest speech. */
  minSpeechSec: 0.25,
  vadThreshold: 0.5,
  /** A tail this likely to be silence (Whisper's <|nocaptions|>) is silence, whatever its text. */
  noSpeechProbability: 0.6,
  /** A tail that is only a stock phrase is silence unless Whisper was at least this sure of it. */
  stockPhraseLogprob: -0.5,
  stockPhraseNoSpeech: 0.2,
};

/** What was measured of one unread tail, for the benchmark's sweep of these rules. */
export interface TailTrace {
  /** VAD speech in the tail after the last word already written. */
  speechSec: number;
  /** What Whisper made of it, when it was decoded. */
  decoded: Pick<DecodedWindow, 'text' | 'skippedAsSilence' | 'noSpeechProbability' | 'averageLogprob'> | null;
}

/** Seconds of `span` whose VAD frames are speech. */
export function speechSecIn(probabilities: Float32Array, span: AudioChunk, rules: TailRules = tailRules): number {
  let frames = 0;
  const last = Math.min(probabilities.length, Math.ceil(span.endSec / vadFrameSec));
  for (let frame = Math.max(0, Math.floor(span.startSec / vadFrameSec)); frame < last; frame += 1)
    if ((probabilities[frame] ?? 0) >= rules.vadThreshold) frames += 1;
  return frames * vadFrameSec;
}

/** The part of `chunk` after the decoded text's last timestamp, when it is long enough to read; else null. */
export function unreadTail(decoded: DecodedWindow, chunk: AudioChunk, rules: TailRules = tailRules): AudioChunk | null {
  if (decoded.skippedAsSilence || decoded.text === '' || decoded.endSec === null) return null;
  const startSec = chunk.startSec + decoded.endSec;
  // No progress (the text ends at the window's start) would decode the same audio again.
  if (decoded.endSec < rules.minTailSec || chunk.endSec - startSec < rules.minTailSec) return null;
  return { startSec, endSec: chunk.endSec };
}

/** Seconds of VAD speech in `tail` after `writtenUntilSec`, the end of the last word already written. */
export function unheardSpeechSec(
  vadProbabilities: Float32Array,
  tail: AudioChunk,
  writtenUntilSec: number,
  rules: TailRules = tailRules,
): number {
  const unheard = { startSec: Math.max(tail.startSec, writtenUntilSec), endSec: tail.endSec };
  return speechSecIn(vadProbabilities, unheard, rules);
}

/** A decoded tail that Whisper itself takes for silence, or whose only text is a doubtful stock phrase. */
export function tailIsSilence(tail: NonNullable<TailTrace['decoded']>, rules: TailRules = tailRules): boolean {
  if (tail.skippedAsSilence || tail.noSpeechProbability > rules.noSpeechProbability) return true;
  return isDoubtfulStockPhrase(tail.text, tail, rules);
}

/**
 * `text` is only a stock phrase, and the decode that wrote it is unsure of its words or of there being
 * speech at all: what Whisper writes where it hears nothing it knows. Used for a re-read tail's whole text
 * and for each segment of a window that needed the temperature fallback (a Mongolian clip that whisper-tiny
 * cannot read ended in "Thank you very much." so, issue 19).
 */
export function isDoubtfulStockPhrase(
  text: string,
  decoded: Pick<DecodedWindow, 'noSpeechProbability' | 'averageLogprob'>,
  rules: TailRules = tailRules,
): boolean {
  return (
    isStockPhrase(text) &&
    (decoded.averageLogprob < rules.stockPhraseLogprob || decoded.noSpeechProbability > rules.stockPhraseNoSpeech)
  );
}
