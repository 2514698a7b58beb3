import type { MeetingSpeaker, VoiceprintChange } from '../../../contract/meeting-result.js';
import { type VoiceScore } from '../vectors.js';

import { voiceprintThresholds } from './thresholds.js';
import type { Voiceprint } from './voiceprint-library.js';

/** A meeting speaker as diarization leaves it: its label and mean embedding. */
export interface MeetingVoice {
  label: string;
  embedding: Float32Array;
  /** 10 ms frames of speech behind the embedding. */
  frames: number;
}

export interface IdentifyOptions {
  model: string;
  /** The engine's voice comparison; `thresholds` (default `voiceprintThresholds`) are on its scale. */
  score: VoiceScore;
  thresholds?: { auto: number; suggest: number };
  /** Voices with less speech than this are left unlinked rather than stored (default 3 s). */
  minNewVoiceFrames?: number;
  /** Voices with less speech than this are at most suggested, never assigned (default 2 s). */
  minAutoFrames?: number;
  newSpeakerId: () => string;
}

export interface Identification {
  speakers: MeetingSpeaker[];
  changes: VoiceprintChange[];
}

interface Candidate {
  voice: number;
  print: number;
  score: number;
}

/** One-to-one: the best-scoring pairs first, so two meeting speakers never take one voiceprint. */
function bestPairs(
  voices: readonly MeetingVoice[],
  prints: readonly Voiceprint[],
  score: VoiceScore,
): Map<number, Candidate> {
  const candidates: Candidate[] = voices.flatMap((voice, v) =>
    prints.map((print, p) => ({ voice: v, print: p, score: score(voice.embedding, print.embedding) })),
  );
  candidates.sort((a, b) => b.score - a.score);
  const chosen = new Map<number, Candidate>();
  const taken = new Set<number>();
  for (const candidate of candidates) {
    if (chosen.has(candidate.voice) || taken.has(candidate.print)) continue;
    chosen.set(candidate.voice, candidate);
    taken.add(candidate.print);
  }
  return chosen;
}

/**
 * On same-speaker/pairs.tsv every verification error involves an item with under 2 s of overlap-free
 * speech (EER 0 % on the 134 pairs whose items both have more; `npm run bench:speakers`). A voice
 * heard that briefly may be a good match, but a person confirms it: it is suggested, never assigned.
 * Diarization counts a moment in both chunks that see it, so 2 s is about 400 frames.
 */
const defaultMinAutoFrames = 400;

const toList = (embedding: Float32Array): number[] => Array.from(embedding, (v) => Math.round(v * 1e6) / 1e6);

/**
 * Matches each meeting speaker with the library. At or above `auto` (with enough speech) the
 * voiceprint is assigned and updated; between `suggest` and `auto` it is offered as a suggestion (no
 * update and no name until a person confirms it, so the meeting voice is kept for that); below, the
 * voice gets a new unnamed voiceprint so later meetings can recognise it. Voiceprints of another
 * model are ignored, never compared.
 */
export function identifySpeakers(
  voices: readonly MeetingVoice[],
  library: readonly Voiceprint[],
  options: IdentifyOptions,
): Identification {
  const thresholds = options.thresholds ?? voiceprintThresholds;
  const minFrames = options.minNewVoiceFrames ?? 300;
  const minAutoFrames = options.minAutoFrames ?? defaultMinAutoFrames;
  const prints = library.filter((print) => print.model === options.model);
  const pairs = bestPairs(voices, prints, options.score);
  const speakers: MeetingSpeaker[] = [];
  const changes: VoiceprintChange[] = [];
  voices.forEach((voice, v) => {
    const pair = pairs.get(v);
    const print = pair === undefined ? undefined : prints[pair.print];
    const score = pair === undefined ? null : Math.round(pair.score * 1e4) / 1e4;
    if (print !== undefined && score !== null && score >= thresholds.auto && voice.frames >= minAutoFrames) {
      speakers.push({ label: voice.label, name: print.name, speakerId: print.speakerId, match: 'auto', score });
      changes.push({
        label: voice.label,
        speakerId: print.speakerId,
        action: 'update',
        model: options.model,
        embedding: toList(voice.embedding),
      });
    } else if (print !== undefined && score !== null && score >= thresholds.suggest) {
      speakers.push({ label: voice.label, name: null, speakerId: print.speakerId, match: 'suggested', score });
      // Kept so that a person's confirmation can teach the voiceprint this meeting's voice.
      changes.push({
        label: voice.label,
        speakerId: print.speakerId,
        action: 'suggest',
        model: options.model,
        embedding: toList(voice.embedding),
      });
    } else if (voice.frames >= minFrames) {
      const speakerId = options.newSpeakerId();
      speakers.push({ label: voice.label, name: null, speakerId, match: 'new', score });
      changes.push({
        label: voice.label,
        speakerId,
        action: 'create',
        model: options.model,
        embedding: toList(voice.embedding),
      });
    } else {
      speakers.push({ label: voice.label, name: null, speakerId: null, match: 'new', score });
    }
  });
  return { speakers, changes };
}

/** The speaker row a segment with this label links to: only confirmed (auto) and new voices. */
export function linkedSpeakerIds(speakers: readonly MeetingSpeaker[]): Map<string, string | null> {
  return new Map(speakers.map((s) => [s.label, s.match === 'auto' || s.match === 'new' ? s.speakerId : null] as const));
}
