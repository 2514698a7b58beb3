import type { Word } from '../../../contract/meeting-result.js';

/** A word that closes a sentence: . ? ! … (and their CJK forms), quotes or brackets after them allowed. */
const sentenceEnd = /[.?!…。？！][\s"'”’)\]]*$/;

/** A pause this long (seconds) ends a sentence too: Whisper leaves some sentences unpunctuated. */
const sentencePauseSec = 1;

/**
 * A speaker run of at most this many words inside a sentence is taken as misattributed. Word times
 * from Whisper are off by a word or so near a change of speaker, and the segmentation's boundaries
 * by 0.1–0.3 s, so the first or last word or two of a turn land on the neighbour.
 */
const maxStrayWords = 2;

function sentences(words: readonly Word[]): Word[][] {
  const out: Word[][] = [];
  let current: Word[] = [];
  words.forEach((word, i) => {
    current.push(word);
    const next = words[i + 1];
    if (next === undefined || sentenceEnd.test(word.text.trim()) || next.start - word.end >= sentencePauseSec) {
      out.push(current);
      current = [];
    }
  });
  return out;
}

function runsOf(sentence: readonly Word[]): Word[][] {
  const runs: Word[][] = [];
  for (const word of sentence) {
    const run = runs.at(-1);
    if (run !== undefined && run[0]?.speaker === word.speaker) run.push(word);
    else runs.push([word]);
  }
  return runs;
}

/** Gives a sentence's short stray runs the speaker of their larger neighbour, until none is left. */
function mendSentence(sentence: Word[]): Word[] {
  for (;;) {
    const runs = runsOf(sentence);
    if (runs.length < 2) return sentence;
    const strays = runs
      .map((run, index) => ({ run, index }))
      .filter(({ run }) => run.length <= maxStrayWords && run[0]?.speaker !== null);
    const shortest = strays.sort((a, b) => a.run.length - b.run.length)[0];
    if (shortest === undefined) return sentence;
    const before = runs[shortest.index - 1];
    const after = runs[shortest.index + 1];
    const host = (before?.length ?? 0) >= (after?.length ?? 0) ? before : after;
    const speaker = host?.[0]?.speaker ?? null;
    if (host === undefined || host.length <= shortest.run.length) return sentence;
    const stray = new Set(shortest.run);
    sentence = sentence.map((word) => (stray.has(word) ? { ...word, speaker } : word));
  }
}

/**
 * Keeps sentences whole: a sentence is one speaker's, except where another speaker holds more than
 * `maxStrayWords` of its words (a real interruption). Words are in time order, across segments.
 */
export function keepSentencesWhole(words: readonly Word[]): Word[] {
  return sentences(words).flatMap(mendSentence);
}
