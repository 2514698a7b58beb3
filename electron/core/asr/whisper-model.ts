import { pipeline, type AutomaticSpeechRecognitionPipeline } from '@huggingface/transformers';

import { ModelUnavailableError } from '../errors.js';
import type { InferenceDevice } from '../models/inference-device.js';
import { applyModelLocation, type ModelLocation } from '../models/model-location.js';

export interface WhisperModelRequest extends ModelLocation {
  modelId: string;
  device: InferenceDevice;
}

const loaded = new Map<string, Promise<AutomaticSpeechRecognitionPipeline>>();

/**
 * Loads a Whisper checkpoint once per process and reuses it for every meeting (loading takes seconds;
 * a meeting should not pay for it twice). A failed load is forgotten so that a later call can retry.
 */
export function loadWhisper(request: WhisperModelRequest): Promise<AutomaticSpeechRecognitionPipeline> {
  const key = `${request.modelId}|${request.modelDir}|${request.device.device}`;
  const existing = loaded.get(key);
  if (existing !== undefined) return existing;
  applyModelLocation(request);
  const loading = pipeline('automatic-speech-recognition', request.modelId, {
    dtype: 'q8',
    device: request.device.device,
  }).catch((error: unknown) => {
    loaded.delete(key);
    const where = request.allowRemoteModels
      ? `${request.modelDir} or the Hugging Face Hub`
      : `${request.modelDir} (downloads are off)`;
    throw new ModelUnavailableError(
      `The speech model ${request.modelId} could not be loaded from ${where}. Set MODEL_CACHE_DIR to a folder that holds it.`,
      { cause: error },
    );
  });
  loaded.set(key, loading);
  return loading;
}
