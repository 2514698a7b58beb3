import type { MeetingSpeaker, OverlapSpan, Segment, VoiceprintChange } from '../../contract/meeting-result.js';
import type { Stage } from '../../contract/stages.js';
import type { PcmFile } from '../audio/pcm-file.js';
import type { StageContext } from '../pipeline/stage-context.js';

import { diarizeMeeting, identifyMeeting, type MeetingHint } from './meeting-speakers.js';
import type { GpuProvider } from './onnx-session.js';
import type { SpeakerModelChoice } from './speaker-catalogue.js';
import { loadSpeakerEngine } from './speaker-engine.js';
import type { SpeakerModelPlaces } from './speaker-models.js';
import type { VoiceprintLibrary } from './voiceprint-library.js';

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

export interface AttributedTranscript {
  segments: Segment[];
  speakers: MeetingSpeaker[];
  overlaps?: OverlapSpan[];
  voiceprints?: VoiceprintChange[];
}

type TimedStage = <T>(stage: Stage, work: () => Promise<T>) => Promise<T>;

/**
 * The `diarize` and `identify` stages. A speaker failure must not cost the transcript: the meeting
 * completes with speaker = null and a warning in the log (cancellation still stops it).
 */
export async function runSpeakerStages(
  config: SpeakerStageConfig,
  input: { meeting: MeetingHint; pcm: PcmFile; segments: Segment[] },
  context: StageContext,
  timed: TimedStage,
): Promise<AttributedTranscript> {
  try {
    const diarized = await timed('diarize', async () => {
      const engine = await loadSpeakerEngine(config.modelDir, config.models, config.places ?? null, config.gpu ?? null);
      if (engine.backend.note !== null) context.log.warn(engine.backend.note);
      return diarizeMeeting(
        input.pcm,
        input.segments,
        { engine, library: config.library, meeting: input.meeting, log: context.log },
        { signal: context.signal, onProgress: (fraction) => context.progress('diarize', fraction) },
      );
    });
    return await timed('identify', () => Promise.resolve(identifyMeeting(diarized)));
  } catch (error) {
    if (context.signal.aborted) throw error;
    context.log.warn(
      `Speakers could not be told apart; the transcript is saved without them: ${(error as Error).message}`,
    );
    return { segments: input.segments, speakers: [] };
  }
}
