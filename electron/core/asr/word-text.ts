import type { Word } from '../../contract/meeting-result.js';

/**
 * The text of consecutive words, as a segment or a speaker's turn shows it. Whisper gives CJK words no
 * leading space and other words one, so the words are joined as produced, then the spacing is tidied.
 */
export function joinWords(words: readonly Word[]): string {
  return words
    .map((word) => word.text)
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
}
