import { randomUUID } from 'node:crypto';

import type { MeetingSpeaker, OverlapSpan, Segment, VoiceprintChange } from '../../contract/meeting-result.js';
import type { PcmFile } from '../audio/pcm-file.js';
import type { Logger } from '../log/logger.js';

import { diarize, type Diarization } from './diarize.js';
import { identifySpeakers, linkedSpeakerIds } from './identify.js';
import type { VoiceScore } from './score-normalisation.js';
import { speakerCountBounds } from './speaker-count.js';
import type { SpeakerEngine } from './speaker-engine.js';
import type { SpeakerCalibration } from './speaker-thresholds.js';
import type { Voiceprint, VoiceprintLibrary } from './voiceprint-library.js';
import { attributeWords } from './word-attribution.js';

export interface MeetingHint {
  id: string;
  expectedSpeakers: number | null;
  attendeeIds: string[];
}

export interface DiarizedMeeting {
  diarization: Diarization;
  segments: Segment[];
  library: Voiceprint[];
  /** The engine's voice comparison and its operating points, for the identify stage. */
  voiceScore: VoiceScore;
  calibration: SpeakerCalibration;
}

/** The library is optional to diarization: if it cannot be read, the meeting is diarized without anchors. */
async function readLibrary(
  library: VoiceprintLibrary | null,
  meetingId: string,
  model: string,
  log: Logger,
): Promise<Voiceprint[]> {
  if (library === null) return [];
  try {
    return await library.forMeeting(meetingId, model);
  } catch (error) {
    log.warn(`Voiceprints could not be read; speakers will not be recognised: ${(error as Error).message}`);
    return [];
  }
}

/** The `diarize` stage: who spoke when, and each word's speaker. */
export async function diarizeMeeting(
  pcm: PcmFile,
  segments: readonly Segment[],
  deps: { engine: SpeakerEngine; library: VoiceprintLibrary | null; meeting: MeetingHint; log: Logger },
  run: { signal: AbortSignal; onProgress: (fraction: number) => void },
): Promise<DiarizedMeeting> {
  const library = await readLibrary(deps.library, deps.meeting.id, deps.engine.embedder.modelId, deps.log);
  const diarization = await diarize(pcm, deps.engine, {
    bounds: speakerCountBounds(deps.meeting),
    anchors: library.filter((print) => print.attendee),
    threshold: deps.engine.calibration.clusteringThreshold,
    voiceScore: deps.engine.voiceScore,
    anchorThreshold: deps.engine.calibration.voiceprint.suggest,
    signal: run.signal,
    onProgress: run.onProgress,
  });
  return {
    diarization,
    segments: attributeWords(segments, diarization.activity, diarization.labels),
    library,
    voiceScore: deps.engine.voiceScore,
    calibration: deps.engine.calibration,
  };
}

export interface IdentifiedMeeting {
  segments: Segment[];
  speakers: MeetingSpeaker[];
  overlaps: OverlapSpan[];
  voiceprints: VoiceprintChange[];
}

/** The `identify` stage: each label matched with the voiceprint library (or a new voiceprint). */
export function identifyMeeting(diarized: DiarizedMeeting): IdentifiedMeeting {
  const { diarization } = diarized;
  const voices = diarization.labels.map((label, k) => ({
    label,
    embedding: diarization.voiceprints[k]?.embedding ?? new Float32Array(0),
    frames: diarization.voiceprints[k]?.frames ?? 0,
  }));
  const identification = identifySpeakers(voices, diarized.library, {
    model: diarization.modelId,
    score: diarized.voiceScore,
    thresholds: diarized.calibration.voiceprint,
    newSpeakerId: randomUUID,
  });
  const links = linkedSpeakerIds(identification.speakers);
  const round = (t: number): number => Math.round(t * 1000) / 1000;
  return {
    segments: diarized.segments.map((s) => ({
      ...s,
      speakerId: s.speaker === null ? null : (links.get(s.speaker) ?? null),
    })),
    speakers: identification.speakers,
    overlaps: diarization.overlaps.map((span) => ({ start: round(span.start), end: round(span.end) })),
    voiceprints: identification.changes,
  };
}
