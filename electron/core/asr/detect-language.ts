/** One window's say in the meeting's language: Whisper's language probabilities and how much speech it held. */
export interface LanguageVote {
  probabilities: ReadonlyMap<string, number>;
  speechSec: number;
}

export interface LanguageDecision {
  /** ISO-639-1 code such as 'de'. */
  language: string;
  /** Share of the weighted vote the winner got (0…1). */
  confidence: number;
}

/**
 * The meeting's language from the windows of its first minute of speech: each window votes with its
 * probabilities, weighted by its speech duration, so one short noisy window cannot decide alone.
 * With no vote at all, `fallback` wins with confidence 0.
 */
export function voteLanguage(votes: readonly LanguageVote[], fallback = 'en'): LanguageDecision {
  const totals = new Map<string, number>();
  let weight = 0;
  for (const vote of votes) {
    const speechSec = Math.max(vote.speechSec, 0.1);
    weight += speechSec;
    for (const [language, probability] of vote.probabilities) {
      totals.set(language, (totals.get(language) ?? 0) + probability * speechSec);
    }
  }
  const [best] = [...totals.entries()].sort((a, b) => b[1] - a[1]);
  return best === undefined || weight === 0
    ? { language: fallback, confidence: 0 }
    : { language: best[0], confidence: best[1] / weight };
}
