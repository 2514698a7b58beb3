import { randomUUID } from 'node:crypto';

import type {
  MeetingSpeaker,
  OverlapSpan,
  Segment,
  LabelledTurn,
  VoiceprintChange,
} from '../../contract/meeting-result.js';
import type { Stage } from '../../contract/stages.js';
import type { PcmFile } from '../audio/pcm-file.js';
import type { Logger } from '../log/logger.js';
import type { StageContext } from '../pipeline/stage-context.js';

import { attributeWords } from './attribution/word-attribution.js';
import { speakerCountBounds } from './diarization/count-bounds.js';
import { diarize, type Diarization } from './diarization/diarize.js';
import { identifySpeakers, linkedSpeakerIds } from './identification/identify.js';
import type { Voiceprint, VoiceprintLibrary } from './identification/voiceprint-library.js';
import type { SpeakerModelChoice } from './models/catalogue.js';
import { loadSpeakerEngine, type SpeakerEngine } from './models/engine.js';
import type { SpeakerModelPlaces } from './models/model-files.js';
import type { GpuProvider } from './models/onnx-session.js';

export interface SpeakerStageConfig {
  /** `resources/models` (manifest + ONNX files of the bundled models). */
  modelDir: string;
  /** Default: the bundled models. */
  models?: SpeakerModelChoice;
  /** Where Hub speaker models are cached and downloaded to; null: bundled models only. */
  places?: SpeakerModelPlaces | null;
  /** Whisper's CUDA or DirectML device, shared by the speaker models; null or absent: the CPU. */
  gpu?: GpuProvider | null;
  library: VoiceprintLibrary | null;
}

export interface MeetingHint {
  id: string;
  expectedSpeakers: number | null;
  attendeeIds: string[];
}

export interface AttributedTranscript {
  segments: Segment[];
  speakers: MeetingSpeaker[];
  overlaps?: OverlapSpan[];
  turns?: LabelledTurn[];
  voiceprints?: VoiceprintChange[];
}

type TimedStage = <T>(stage: Stage, work: () => Promise<T>) => Promise<T>;

/** What the `diarize` stage hands to `identify`: the audio is not read again after it. */
interface DiarizedMeeting {
  engine: SpeakerEngine;
  diarization: Diarization;
  segments: Segment[];
  library: Voiceprint[];
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

/** The `diarize` stage: who spoke when (diarization/), then each word's speaker (attribution/). */
async function diarizeStage(
  config: SpeakerStageConfig,
  input: { meeting: MeetingHint; pcm: PcmFile; segments: Segment[] },
  context: StageContext,
): Promise<DiarizedMeeting> {
  const engine = await loadSpeakerEngine(config.modelDir, config.models, config.places ?? null, config.gpu ?? null);
  if (engine.backend.note !== null) context.log.warn(engine.backend.note);
  const library = await readLibrary(config.library, input.meeting.id, engine.embedder.modelId, context.log);
  const diarization = await diarize(input.pcm, engine, {
    bounds: speakerCountBounds(input.meeting),
    anchors: library.filter((print) => print.attendee),
    threshold: engine.calibration.clusteringThreshold,
    voiceScore: engine.voiceScore,
    anchorThreshold: engine.calibration.voiceprint.suggest,
    signal: context.signal,
    onProgress: (fraction) => context.progress('diarize', fraction),
  });
  return {
    engine,
    diarization,
    segments: attributeWords(input.segments, diarization.activity, diarization.labels),
    library,
  };
}

/** The `identify` stage (identification/): each label matched with the voiceprint library, or a new voiceprint. */
function identifyStage({ engine, diarization, segments, library }: DiarizedMeeting): AttributedTranscript {
  const voices = diarization.labels.map((label, k) => ({
    label,
    embedding: diarization.voiceprints[k]?.embedding ?? new Float32Array(0),
    frames: diarization.voiceprints[k]?.frames ?? 0,
  }));
  const identification = identifySpeakers(voices, library, {
    model: diarization.modelId,
    score: engine.voiceScore,
    thresholds: engine.calibration.voiceprint,
    newSpeakerId: randomUUID,
  });
  const links = linkedSpeakerIds(identification.speakers);
  const round = (t: number): number => Math.round(t * 1000) / 1000;
  return {
    segments: segments.map((s) => ({
      ...s,
      speakerId: s.speaker === null ? null : (links.get(s.speaker) ?? null),
    })),
    speakers: identification.speakers,
    overlaps: diarization.overlaps.map((span) => ({ start: round(span.start), end: round(span.end) })),
    turns: diarization.turns.map((turn) => ({
      speaker: diarization.labels[turn.speaker] ?? '',
      start: round(turn.start),
      end: round(turn.end),
    })),
    voiceprints: identification.changes,
  };
}

/**
 * The speaker stages of one meeting, data flowing one way: models → diarization (the audio is read
 * here, once) → attribution (words) → identification (voiceprints). A speaker failure must not cost
 * the transcript: the meeting completes with speaker = null and a warning in the log (cancellation
 * still stops it).
 */
export async function runSpeakerStages(
  config: SpeakerStageConfig,
  input: { meeting: MeetingHint; pcm: PcmFile; segments: Segment[] },
  context: StageContext,
  timed: TimedStage,
): Promise<AttributedTranscript> {
  try {
    const diarized = await timed('diarize', () => diarizeStage(config, input, context));
    return await timed('identify', () => Promise.resolve(identifyStage(diarized)));
  } catch (error) {
    if (context.signal.aborted) throw error;
    context.log.warn(
      `Speakers could not be told apart; the transcript is saved without them: ${(error as Error).message}`,
    );
    return { segments: input.segments, speakers: [] };
  }
}
