/**
 * Whisper-style text normalization for scoring (the rules of Whisper's BasicTextNormalizer plus the
 * English spelling of digits that LibriSpeech references use), and word/character error rates.
 */
const digitWords = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

export function normalizeForScoring(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[-‐‑–—_/]/g, ' ')
    .replace(/\p{M}/gu, '')
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\b\d\b/g, (digit) => digitWords[Number(digit)] ?? digit)
    .replace(/\s+/g, ' ')
    .trim();
}

function editDistance<T>(reference: readonly T[], hypothesis: readonly T[]): number {
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

export function wordErrorRate(reference: string, hypothesis: string): number {
  const ref = normalizeForScoring(reference).split(' ').filter(Boolean);
  const hyp = normalizeForScoring(hypothesis).split(' ').filter(Boolean);
  return ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : editDistance(ref, hyp) / ref.length;
}

function graphemes(text: string): string[] {
  return Array.from(new Intl.Segmenter().segment(text), (part) => part.segment);
}

export function characterErrorRate(reference: string, hypothesis: string): number {
  const ref = graphemes(normalizeForScoring(reference).replace(/\s/g, ''));
  const hyp = graphemes(normalizeForScoring(hypothesis).replace(/\s/g, ''));
  return ref.length === 0 ? (hyp.length === 0 ? 0 : 1) : editDistance(ref, hyp) / ref.length;
}
