import { deflateSync } from 'node:zlib';

/**
 * Whisper's own hallucination test: text that compresses too well (ratio above 2.4) is a repetition
 * loop ("the the the…", one sentence twenty times), not speech.
 */
export function compressionRatio(text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  if (bytes.length === 0) return 0;
  return bytes.length / deflateSync(bytes).length;
}

export function isRepetitionLoop(text: string, maxRatio = 2.4): boolean {
  return text.length >= 40 && compressionRatio(text) > maxRatio;
}

/** How often an n-word phrase must repeat back to back before it counts as a loop, not emphasis. */
function minRepeats(phraseWords: number): number {
  // "no, no, no" and "very very" are speech; four single words or three longer phrases in a row are not.
  return phraseWords === 1 ? 4 : 3;
}

const comparable = (text: string): string =>
  text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\p{S}\s]/gu, '');

function repeatsAt(keys: readonly string[], start: number, size: number): number {
  let repeats = 1;
  while (start + (repeats + 1) * size <= keys.length) {
    let same = true;
    for (let offset = 0; offset < size && same; offset += 1) {
      same = keys[start + offset] === keys[start + repeats * size + offset];
    }
    if (!same) break;
    repeats += 1;
  }
  return repeats;
}

/**
 * Removes repeated n-gram loops ("a problem with a problem with a problem with…") from a word list,
 * keeping the first occurrence of the phrase, for phrases of 1 to `maxPhraseWords` words. Words keep
 * their own objects (and so their timestamps).
 */
export function trimRepeatedPhrases<T extends { text: string }>(words: readonly T[], maxPhraseWords = 8): T[] {
  const keys = words.map((word) => comparable(word.text));
  const kept: T[] = [];
  let index = 0;
  while (index < words.length) {
    let skipTo = -1;
    for (let size = 1; size <= maxPhraseWords && skipTo < 0; size += 1) {
      if (keys.slice(index, index + size).some((key) => key === '')) continue;
      const repeats = repeatsAt(keys, index, size);
      if (repeats >= minRepeats(size)) skipTo = index + repeats * size;
      if (skipTo >= 0) for (let offset = 0; offset < size; offset += 1) kept.push(words[index + offset] as T);
    }
    if (skipTo >= 0) {
      index = skipTo;
    } else {
      kept.push(words[index] as T);
      index += 1;
    }
  }
  return kept;
}
