import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import type { Canary, InferenceDevice } from '../models/inference-device.js';
import { findShippedFolder, type ShippedLocations } from '../shipped-files.js';

import { errorRate } from './text-normalizer.js';
import { decodeWindow } from './whisper-decoder.js';
import { forgetWhisper, loadWhisper, type WhisperModelRequest } from './whisper-model.js';
import { analyzeWindow } from './window-analysis.js';

const run = promisify(execFile);

/** The known clip every backend must transcribe: LibriSpeech test-clean 1089-134686-0000 (CC-BY-4.0), shipped in resources/samples. */
export const canaryClip = {
  file: 'librispeech-1089-134686-0000.flac',
  reference:
    'HE HOPED THERE WOULD BE STEW FOR DINNER TURNIPS AND CARROTS AND BRUISED POTATOES AND FAT MUTTON PIECES TO BE LADLED OUT IN THICK PEPPERED FLOUR FATTENED SAUCE',
};

/** The canary clip where it exists: a checkout's resources/samples or an installed app's <resources>/samples. */
export function canaryClipPath(where?: ShippedLocations): string {
  const dir = findShippedFolder(
    'sample recordings',
    path.join('resources', 'samples'),
    'samples',
    canaryClip.file,
    where,
  );
  return path.join(dir, canaryClip.file);
}

export async function decodeClip(ffmpeg: string, file: string): Promise<Float32Array> {
  const { stdout } = await run(
    ffmpeg,
    ['-nostdin', '-v', 'error', '-i', file, '-ac', '1', '-ar', '16000', '-f', 'f32le', 'pipe:1'],
    {
      encoding: 'buffer',
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return new Float32Array(stdout.buffer.slice(stdout.byteOffset, stdout.byteOffset + stdout.length));
}

/**
 * A canary that loads Whisper on the candidate device and transcribes the bundled clip. A device that
 * fails is unloaded again so its sessions do not linger; one that passes stays loaded for the meetings.
 */
export function whisperCanary(request: Omit<WhisperModelRequest, 'device'>, ffmpeg: string, clip?: string): Canary {
  return async (device: InferenceDevice) => {
    const full = { ...request, device };
    try {
      const recognizer = await loadWhisper(full);
      const samples = await decodeClip(ffmpeg, clip ?? canaryClipPath());
      const analysis = await analyzeWindow(recognizer.whisper, samples);
      const decoded = await decodeWindow(recognizer.whisper, { samples, analysis }, 'en');
      const result = { errorRate: errorRate(canaryClip.reference, decoded.text, 'en'), text: decoded.text };
      if (result.errorRate > 0.4) await forgetWhisper(full);
      return result;
    } catch (error) {
      await forgetWhisper(full);
      throw error;
    }
  };
}
