import { countErrors } from '../../electron/core/asr/text-normalizer.js';

export interface CpWer {
  /** (substitutions + deletions + insertions) / reference words, under the best speaker mapping. */
  cpwer: number;
  edits: number;
  referenceWords: number;
  /** Hypothesis speaker (or null: none, its words all deleted) chosen for each reference speaker. */
  mapping: Map<string, string | null>;
}

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, index) =>
    permutations([...items.slice(0, index), ...items.slice(index + 1)]).map((rest) => [item, ...rest]),
  );
}

/**
 * Concatenated minimum-permutation WER (cpWER, CHiME-6 / meeteval): each speaker's words are
 * concatenated in time order on both sides, and every one-to-one mapping of reference speakers to
 * hypothesis speakers is tried (the side with fewer speakers is padded with empty ones, so a missing
 * speaker costs deletions and an extra one insertions); the lowest total of word edits counts.
 * Meetings have a handful of speakers, so trying all n! mappings is cheap (5! = 120).
 */
export function concatenatedMinimumPermutationWer(
  reference: ReadonlyMap<string, string>,
  hypothesis: ReadonlyMap<string, string>,
  language = 'en',
): CpWer {
  const refSpeakers = [...reference.keys()];
  const hypSpeakers: (string | null)[] = [...hypothesis.keys()];
  const size = Math.max(refSpeakers.length, hypSpeakers.length);
  const refSlots: (string | null)[] = [...refSpeakers, ...new Array<null>(size - refSpeakers.length).fill(null)];
  while (hypSpeakers.length < size) hypSpeakers.push(null);
  const text = (map: ReadonlyMap<string, string>, speaker: string | null): string =>
    speaker === null ? '' : (map.get(speaker) ?? '');
  const cost = new Map<string, number>();
  const pairCost = (r: string | null, h: string | null): number => {
    const key = `${String(r)}\u0000${String(h)}`;
    const known = cost.get(key);
    if (known !== undefined) return known;
    const edits = countErrors(text(reference, r), text(hypothesis, h), language).edits;
    cost.set(key, edits);
    return edits;
  };
  let best: { edits: number; order: (string | null)[] } = { edits: Infinity, order: [] };
  for (const order of permutations(hypSpeakers)) {
    const edits = refSlots.reduce((sum, r, i) => sum + pairCost(r, order[i] ?? null), 0);
    if (edits < best.edits) best = { edits, order };
  }
  const referenceWords = refSpeakers.reduce((n, r) => n + countErrors(text(reference, r), '', language).units, 0);
  return {
    cpwer: referenceWords === 0 ? 0 : best.edits / referenceWords,
    edits: best.edits,
    referenceWords,
    mapping: new Map(refSpeakers.map((r, i) => [r, best.order[i] ?? null] as const)),
  };
}
