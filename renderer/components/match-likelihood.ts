/**
 * A suggested speaker match in words instead of its s-norm score. The worker suggests from 2.5 and links
 * without asking from 3.5 (core/speakers/identification); the upper half of that band reads "very likely".
 */
export function matchLikelihood(score: number): 'very likely' | 'likely' {
  return score >= 3 ? 'very likely' : 'likely';
}
