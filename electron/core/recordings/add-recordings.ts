import { randomUUID } from 'node:crypto';

import type { AddRecordingRequest, LocalLibrary } from '../../contract/library.js';
import type { AddedRecording, AddRecordingsOptions } from '../../contract/recordings.js';
import type { Settings } from '../../contract/settings.js';
import { resolveFfmpegBinary } from '../audio/ffmpeg-binary.js';

import { checkRecording, type RecordingLimits } from './recording-check.js';

/** A file to add: where it is now, and the name the person knows it by (an upload's original name). */
export interface RecordingSource {
  file: string;
  name: string;
}

/** The worker's limits, from its settings, for the check before a recording joins the queue. */
export function recordingLimits(settings: Settings, ffmpeg = resolveFfmpegBinary()): RecordingLimits {
  return { ffmpeg, maxBytes: settings.maxAudioMegabytes * 1024 * 1024, maxHours: settings.maxAudioHours };
}

/**
 * One add request per file, with its meeting id chosen now: a request repeated after a lost answer
 * (the data folder's owner killed mid-request) then adds each meeting once.
 */
export interface PlannedRecording {
  name: string;
  request: AddRecordingRequest;
}

export function planRecordings(sources: RecordingSource[], options: AddRecordingsOptions): PlannedRecording[] {
  return sources.map((source) => ({
    name: source.name,
    request: {
      meetingId: randomUUID(),
      file: source.file,
      title:
        options.title === undefined
          ? source.name
          : sources.length === 1
            ? options.title
            : `${options.title} (${source.name})`,
      ...(options.language === undefined ? {} : { language: options.language }),
      ...(options.expectedSpeakers === undefined ? {} : { expectedSpeakers: options.expectedSpeakers }),
    },
  }));
}

/**
 * Checks each planned recording with the worker's limits, then adds it to the library. A file that
 * fails does not stop the others: each outcome says what became of one file.
 */
export async function addRecordings(
  library: LocalLibrary,
  planned: PlannedRecording[],
  limits: RecordingLimits,
): Promise<AddedRecording[]> {
  const outcomes: AddedRecording[] = [];
  for (const { name, request } of planned) {
    try {
      await checkRecording(request.file, limits);
      await library.addRecording(request);
      outcomes.push({ name, meetingId: request.meetingId, error: null });
    } catch (error) {
      outcomes.push({ name, meetingId: null, error: error instanceof Error ? error.message : String(error) });
    }
  }
  return outcomes;
}
