import { rm } from 'node:fs/promises';
import path from 'node:path';

import type { MeetingResult } from '../../contract/meeting-result.js';
import type { Stage } from '../../contract/stages.js';
import { meetingLanguage } from '../asr/meeting-language.js';
import { transcribePcm } from '../asr/transcribe.js';
import { loadWhisper, type WhisperModelRequest } from '../asr/whisper-model.js';
import { decodeToPcm } from '../audio/decode.js';
import type { ClaimedMeeting } from '../queue/meeting-queue.js';
import { runSpeakerStages, type SpeakerStageConfig } from '../speakers/speaker-stages.js';
import type { AudioStore } from '../storage/audio-store.js';
import { assertSafeObjectPath, tempAudioFileName } from '../storage/object-path.js';
import { summarizeMeeting, summaryBackendChain, type SummaryConfig } from '../summary/summarize-meeting.js';

import type { StageContext } from './stage-context.js';
import { openWorkFolder, workFolderPath } from './work-folder.js';

export interface PipelineConfig {
  audioStore: AudioStore;
  ffmpeg: string;
  whisper: WhisperModelRequest;
  /** Settings' language: 'auto' or a code; a meeting's own requested language wins. */
  language: string;
  maxAudioBytes: number;
  maxAudioHours: number;
  audioTempDir: string;
  summary: SummaryConfig;
  /** Diarization and voiceprint identification; absent, segments keep speaker = null. */
  speakers?: SpeakerStageConfig;
}

/** Runs one stage, recording its wall time; the stage's own progress goes through the context. */
async function timed<T>(
  timings: Record<string, number>,
  context: StageContext,
  stage: Stage,
  work: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  context.progress(stage, 0);
  const value = await work();
  context.progress(stage, 1);
  timings[stage] = (performance.now() - started) / 1000;
  return value;
}

/**
 * One meeting, download to transcript. Throws WorkerErrors; never touches the queue (the worker
 * service saves or fails the meeting). The lease's temp folder is always removed.
 */
export async function runMeeting(
  meeting: ClaimedMeeting,
  config: PipelineConfig,
  context: Omit<StageContext, 'workDir'>,
): Promise<MeetingResult> {
  const workDir = workFolderPath(config.audioTempDir, meeting.lease);
  const stage: StageContext = { ...context, workDir };
  const timings: Record<string, number> = {};
  try {
    await openWorkFolder(config.audioTempDir, meeting.lease);
    const objectPath = assertSafeObjectPath(meeting.audioPath, meeting.ownerId);
    const language = meetingLanguage(meeting.requestedLanguage, config.language);
    const audioFile = path.join(workDir, tempAudioFileName(meeting.id, objectPath));
    await timed(timings, stage, 'download', () =>
      config.audioStore.download(objectPath, audioFile, {
        maxBytes: config.maxAudioBytes,
        signal: stage.signal,
        onProgress: (received, total) => stage.progress('download', total === null ? 0 : received / total),
      }),
    );
    const decoded = await timed(timings, stage, 'decode', () =>
      decodeToPcm(audioFile, path.join(workDir, 'audio.f32'), {
        ffmpeg: config.ffmpeg,
        maxDurationSec: config.maxAudioHours * 3600,
        signal: stage.signal,
        onProgress: (done, declared) =>
          stage.progress('decode', declared === null || declared === 0 ? 0 : Math.min(1, done / declared)),
      }),
    );
    await rm(audioFile, { force: true });
    stage.recordingLength?.(decoded.durationSec);
    const transcript = await timed(timings, stage, 'transcribe', async () => {
      const asr = await loadWhisper(config.whisper);
      if (asr.floatActivationsMissing !== null) {
        stage.log.warn('Transcribing with 8-bit activations: the float copy of the speech model could not be made', {
          model: asr.modelId,
          reason: asr.floatActivationsMissing,
        });
      }
      if (asr.fastPathMissing !== null) {
        stage.log.warn('Transcribing without the decoding fast path (slower, same text)', {
          model: asr.modelId,
          reason: asr.fastPathMissing,
        });
      }
      return transcribePcm(asr, decoded, decoded.frameRms, {
        language,
        batchSize: config.whisper.device.transcribeBatchSize,
        signal: stage.signal,
        onProgress: (done, total) => stage.progress('transcribe', total === 0 ? 1 : done / total),
        onSegment: stage.segment,
      });
    });
    const attributed =
      config.speakers === undefined
        ? { segments: transcript.segments, speakers: [] }
        : await runSpeakerStages(
            config.speakers,
            { meeting, pcm: decoded, segments: transcript.segments },
            stage,
            (name, work) => timed(timings, stage, name, work),
          );
    const withSpeakers = { ...transcript, segments: attributed.segments };
    // Never fails the meeting: the chain falls back to the extractive summary, which needs no model.
    const summary = await timed(timings, stage, 'summarize', () =>
      summarizeMeeting(withSpeakers, summaryBackendChain(config.summary, stage.log), {
        signal: stage.signal,
        log: stage.log,
        windowSec: config.summary.windowSec,
        onProgress: (fraction) => stage.progress('summarize', fraction),
      }),
    );
    return {
      language: transcript.language,
      durationSec: decoded.durationSec,
      ...attributed,
      summary,
      timingsSec: timings,
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}
