/**
 * Text normalization for scoring transcripts, after Whisper's own normalizers: the basic one for every
 * language, and for English the number and spelling rules that make "Chapter 17" equal "CHAPTER
 * SEVENTEEN". zh and ja are scored by characters (CER), as they are written without spaces.
 */
export type Normalizer = 'whisper' | 'peer';

const characterLanguages = new Set(['zh', 'ja', 'th', 'lo', 'my', 'yue']);

export function scoresByCharacter(language: string): boolean {
  return characterLanguages.has(language);
}

/** Whisper's BasicTextNormalizer: bracketed asides removed, NFKC, lower case, marks/symbols/punctuation to spaces. */
export function basicNormalize(text: string): string {
  return text
    .replace(/[<[][^>\]]*[>\]]/g, ' ')
    .replace(/\(([^)]+?)\)/g, ' ')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{M}\p{S}\p{P}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The normalizer of the whisper.cpp peer bench (shared/peers/bench.mjs): numbers are left as written. */
export function peerNormalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[-‐‑‒–—]/g, ' ')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const units = [
  'zero',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
];
const tens = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];
const scales: Record<string, number> = { hundred: 100, thousand: 1000, million: 1_000_000 };
const spellings: Record<string, string> = {
  mr: 'mister',
  mrs: 'missus',
  dr: 'doctor',
  st: 'saint',
  ok: 'okay',
  colour: 'color',
  honour: 'honor',
  favour: 'favor',
  labour: 'labor',
  neighbour: 'neighbor',
  centre: 'center',
  theatre: 'theater',
};

function wordValue(word: string): number | null {
  const unit = units.indexOf(word);
  if (unit >= 0) return unit;
  const ten = tens.indexOf(word);
  return ten >= 2 ? ten * 10 : null;
}

/** Replaces runs of English number words ("five hundred and two") by digits ("502"). */
function spelledNumbersToDigits(words: readonly string[]): string[] {
  const out: string[] = [];
  let index = 0;
  while (index < words.length) {
    let total = 0;
    let current = 0;
    let used = 0;
    let afterTens = false;
    for (let at = index; at < words.length; at += 1) {
      const word = words[at] ?? '';
      const value = wordValue(word);
      const scale = scales[word];
      if (value !== null) {
        // "twenty one" is one number; "one two" is two.
        if (current % 100 !== 0 && !(afterTens && value < 10)) break;
        current += value;
        afterTens = value >= 20;
      } else if (scale !== undefined && used > 0) {
        current = Math.max(current, 1) * scale;
        afterTens = false;
        if (scale >= 1000) {
          total += current;
          current = 0;
        }
      } else if (word === 'and' && used > 0 && wordValue(words[at + 1] ?? '') !== null) continue;
      else break;
      used = at - index + 1;
    }
    if (used === 0) {
      out.push(words[index] ?? '');
      index += 1;
    } else {
      out.push(String(total + current));
      index += used;
    }
  }
  return out;
}

/** A compact EnglishTextNormalizer: basic rules, spelled numbers to digits, a few spellings unified. */
export function englishNormalize(text: string): string {
  const words = basicNormalize(text.replace(/(\d),(\d{3})/g, '$1$2').replace(/[-‐‑–—]/g, ' '))
    .replace(/(\d) (?=\d{3}\b)/g, '$1')
    .split(' ')
    .filter(Boolean)
    .map((word) => spellings[word] ?? word);
  return spelledNumbersToDigits(words).join(' ');
}

export function normalizeForLanguage(text: string, language: string, normalizer: Normalizer = 'whisper'): string {
  if (normalizer === 'peer') return peerNormalize(text);
  return language === 'en' ? englishNormalize(text) : basicNormalize(text);
}

export function scoringUnits(text: string, language: string, normalizer: Normalizer = 'whisper'): string[] {
  const normalized = normalizeForLanguage(text, language, normalizer);
  // Code points, not grapheme clusters: the CER convention (Whisper's and the peer bench's).
  if (scoresByCharacter(language)) return Array.from(normalized.replace(/\s/g, ''));
  return normalized.split(' ').filter(Boolean);
}

export function editDistance<T>(reference: readonly T[], hypothesis: readonly T[]): number {
  let previous = Array.from({ length: hypothesis.length + 1 }, (_, index) => index);
  for (let row = 1; row <= reference.length; row += 1) {
    const current = [row];
    for (let column = 1; column <= hypothesis.length; column += 1) {
      const substitution = (previous[column - 1] ?? 0) + (reference[row - 1] === hypothesis[column - 1] ? 0 : 1);
      current.push(Math.min((previous[column] ?? 0) + 1, (current[column - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[hypothesis.length] ?? 0;
}

export interface ErrorCount {
  edits: number;
  /** Reference words (or characters for zh/ja). */
  units: number;
}

/** Edits and reference units for one utterance: WER units, or characters for zh/ja (CER). */
export function countErrors(
  reference: string,
  hypothesis: string,
  language: string,
  normalizer: Normalizer = 'whisper',
): ErrorCount {
  const ref = scoringUnits(reference, language, normalizer);
  const hyp = scoringUnits(hypothesis, language, normalizer);
  return { edits: editDistance(ref, hyp), units: ref.length };
}

export function errorRate(
  reference: string,
  hypothesis: string,
  language: string,
  normalizer: Normalizer = 'whisper',
): number {
  const { edits, units: count } = countErrors(reference, hypothesis, language, normalizer);
  return count === 0 ? (edits === 0 ? 0 : 1) : edits / count;
}
