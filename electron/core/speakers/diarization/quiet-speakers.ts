import { cosine } from '../vectors.js';

import { minSpeakerShare, type SpeakerCountBounds } from './clustering.js';

/** A voice this close to a speaker already found adds nobody new. */
const sameVoiceSimilarity = 0.999;

/**
 * A voice less alike than this to every speaker found is somebody else, even without a hint. Two
 * people's CAM++ voices average 0.10 cosine on same-speaker/pairs.tsv, one person's 0.70. On the
 * dev set 0.30–0.40 all give the same counts (6/10, from 4/10 without the rule) and the same DER;
 * 0.25 misses one of the two voices. Without the share rule below, 0.35 adds phantoms to both long
 * recordings (voices of 0.2–0.8 % of their speech). `npm run bench:speakers` measures it.
 */
const distinctVoiceSimilarity = 0.35;

/**
 * Nor can a voice heard for under half a second found a speaker unaided: on the 269 single-speaker
 * clips of ../shared/data/asr one such voice (0.39 s, overlapped) split a 4.8 s clip in two.
 */
const minDistinctFrames = 50;

/** One local speaker's voice and how much speech (10 ms frames) it rests on. */
export interface HeardVoice {
  embedding: Float32Array;
  frames: number;
}

function closestSimilarity(voice: Float32Array, speakers: readonly Float32Array[]): number {
  let best = -Infinity;
  for (const speaker of speakers) best = Math.max(best, cosine(voice, speaker));
  return best;
}

function leastAlike(
  voices: readonly HeardVoice[],
  found: readonly Float32Array[],
): { voice: Float32Array; similarity: number } | null {
  let quietest: { voice: Float32Array; similarity: number } | null = null;
  for (const { embedding } of voices) {
    const similarity = found.length === 0 ? -1 : closestSimilarity(embedding, found);
    if (similarity < (quietest?.similarity ?? sameVoiceSimilarity)) quietest = { voice: embedding, similarity };
  }
  return quietest;
}

/**
 * Speakers clustering missed. Only a voice with a second of overlap-free speech founds a cluster, so
 * people with a few short or overlapped turns are not among them. Two cases bring them back:
 *
 * * The meeting's hint expects more people: the voice least like every speaker found is the likeliest
 *   missing one, and so on up to the expected count. Cutting the clustering tree at the expected
 *   count instead splits a talkative speaker in two and hands minutes of real speech to a phantom:
 *   on the dev set that cost 18.5 % pooled DER (0.25 s collar) against 14.5 % this way, for the
 *   same counts.
 * * Without a hint, a voice unlike every speaker found (`distinctVoiceSimilarity`) that holds at
 *   least `minSpeakerShare` of the speech heard and half a second: in a 30 s AMI excerpt, the
 *   participant with three overlapped seconds.
 */
export function addQuietSpeakers(
  speakers: readonly Float32Array[],
  voices: readonly HeardVoice[],
  bounds: SpeakerCountBounds,
): Float32Array[] {
  const found = [...speakers];
  const heard = voices.reduce((sum, v) => sum + v.frames, 0);
  const substantial = voices.filter((v) => v.frames >= Math.max(minDistinctFrames, heard * minSpeakerShare));
  while (found.length < bounds.max) {
    const expected = found.length < bounds.min;
    const candidate = leastAlike(expected ? voices : substantial, found);
    if (candidate === null || (!expected && candidate.similarity >= distinctVoiceSimilarity)) break;
    found.push(candidate.voice);
  }
  return found;
}
