import os from 'node:os';
import path from 'node:path';

import { pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

import { SileroVad } from '../audio/vad.js';
import { ModelUnavailableError } from '../errors.js';
import { floatActivationCopy } from '../models/float-copy.js';
import type { InferenceDevice } from '../models/inference-device.js';
import { applyModelLocation, hubPlaces } from '../models/model-location.js';
import { findWhisperModel, type WhisperModelEntry } from '../models/model-manifest.js';
import { ensureHubModel, type DownloadProgress } from '../models/model-store.js';
import { locateSileroVad, type VadLocation } from '../models/vad-location.js';

import { whisperExportProblems } from './whisper-export-check.js';
import { tuneWhisperDecoding } from './whisper-fast-path-check.js';

export interface WhisperModelRequest extends VadLocation {
  modelId: string;
  device: InferenceDevice;
  onDownloadProgress?: (progress: DownloadProgress) => void;
  /** On the CPU, run a q8 model with float activations (default true). */
  floatActivations?: boolean;
}

/** Whisper plus the VAD that decides what Whisper hears: loaded together, once per process. */
export interface SpeechRecognizer {
  whisper: AutomaticSpeechRecognitionPipeline;
  vad: SileroVad;
  modelId: string;
  device: InferenceDevice;
  /**
   * Why a CPU q8 model runs with 8-bit activations although float activations were wanted (the
   * float copy could not be made); null when it runs as intended. About 4 WER points are at stake.
   */
  floatActivationsMissing: string | null;
  /** Why decoding runs without the fast path (whisper-fast-path.ts); null when it is on. */
  fastPathMissing: string | null;
}

const loaded = new Map<string, Promise<SpeechRecognizer>>();

/** The model folder to load, and why it is not the float copy that was wanted (null: as intended). */
interface FloatCopyOutcome {
  dir: string | null;
  missing: string | null;
}

/**
 * On the CPU a q8 model runs with float activations (float-copy.ts): the same weights, whisper.cpp's
 * accuracy (WER 11.4 % → 7.8 % on 40 English dev clips with tiny) at the same speed. GPUs keep the
 * files as published. A model the rewrite does not understand (or a cache that cannot be written)
 * is used as it is, and the reason travels with the recognizer so that every meeting logs it.
 */
async function floatCopyForCpu(
  request: WhisperModelRequest,
  entry: WhisperModelEntry,
  dir: string,
): Promise<FloatCopyOutcome> {
  if (request.device.device !== 'cpu' || entry.dtype !== 'q8' || request.floatActivations === false)
    return { dir: null, missing: null };
  const cacheRoot = request.appCacheDir ?? path.join(os.tmpdir(), 'pc-worker-models');
  try {
    return { dir: await floatActivationCopy(entry, dir, cacheRoot), missing: null };
  } catch (error) {
    return { dir: null, missing: error instanceof Error ? error.message : String(error) };
  }
}

/**
 * Stops at load, with what to do, when the export is not one the decoder reads right (a file changed
 * on the Hub for an unpinned model, or replaced by hand): mid-meeting it would crash or give wrong text.
 */
async function refuseUnreadableExport(
  whisper: AutomaticSpeechRecognitionPipeline,
  entry: WhisperModelEntry,
  dir: string,
): Promise<void> {
  const problems = whisperExportProblems(whisper);
  if (problems.length === 0) return;
  await whisper.dispose();
  throw new ModelUnavailableError(
    `The speech model ${entry.id} in ${path.join(dir, entry.id)} is not a Whisper export this worker reads right: ` +
      `${problems.join('; ')}. Choose another speech model in Settings; if its files were replaced by hand, delete that folder so they are fetched again.`,
  );
}

async function load(request: WhisperModelRequest): Promise<SpeechRecognizer> {
  const entry = findWhisperModel(request.modelId);
  if (entry === undefined) throw new ModelUnavailableError(`Unknown speech model ${request.modelId}.`);
  const places = hubPlaces(request);
  const dir = await ensureHubModel(
    entry,
    {
      ...places,
      ...(request.onDownloadProgress === undefined ? {} : { onProgress: request.onDownloadProgress }),
    },
    'speech',
  );
  const vadFile = await locateSileroVad(request);
  const floatCopy = await floatCopyForCpu(request, entry, dir);
  // The files are present and hash-checked: transformers.js only reads them, never downloads.
  applyModelLocation({ modelDir: floatCopy.dir ?? dir, allowRemoteModels: false });
  const whisper: AutomaticSpeechRecognitionPipeline = await pipeline('automatic-speech-recognition', entry.id, {
    dtype: floatCopy.dir === null ? entry.dtype : 'fp32',
    device: request.device.device,
    session_options: request.device.sessionOptions,
  }).catch((error: unknown) => {
    throw new ModelUnavailableError(
      `The speech model ${entry.id} in ${dir} could not be loaded on ${request.device.device}.`,
      { cause: error },
    );
  });
  await refuseUnreadableExport(whisper, entry, dir);
  const fastPathMissing = await tuneWhisperDecoding(whisper);
  return {
    whisper,
    vad: await SileroVad.load(vadFile),
    modelId: entry.id,
    device: request.device,
    floatActivationsMissing: floatCopy.missing,
    fastPathMissing,
  };
}

/**
 * Loads Whisper and the VAD once per process and reuses them for every meeting (loading takes
 * seconds; a meeting should not pay for it twice). A failed load is forgotten so a later call can retry.
 */
const keyOf = (request: WhisperModelRequest): string =>
  [
    request.modelId,
    request.modelDir,
    request.appCacheDir ?? '',
    request.device.device,
    String(request.device.deviceIndex),
    String(request.floatActivations ?? true),
  ].join('|');

export function loadWhisper(request: WhisperModelRequest): Promise<SpeechRecognizer> {
  const key = keyOf(request);
  const existing = loaded.get(key);
  if (existing !== undefined) return existing;
  const loading = load(request).catch((error: unknown) => {
    loaded.delete(key);
    throw error;
  });
  loaded.set(key, loading);
  return loading;
}

/** Unloads a model (a backend that failed its canary must not keep its sessions alive). */
export async function forgetWhisper(request: WhisperModelRequest): Promise<void> {
  const key = keyOf(request);
  const loading = loaded.get(key);
  loaded.delete(key);
  const recognizer = await loading?.catch(() => null);
  await recognizer?.whisper.dispose();
}
