import { access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';

import { type SpeakerEmbedder } from '../diarization/embedding.js';
import { type SpeakerSegmenter } from '../diarization/segmentation.js';
import { cohortPath, normalisedVoiceScore, readSpeakerCohort } from '../identification/score-normalisation.js';
import { campplusCalibration, unmeasuredCalibration, type SpeakerCalibration } from '../identification/thresholds.js';
import { cosine, type VoiceScore } from '../vectors.js';

import { bundledSpeakerModels, type SpeakerModelChoice } from './catalogue.js';
import { openSpeakerEmbedder } from './embedder.js';
import { readSpeakerModels, type SpeakerModelPlaces, type SpeakerModels } from './model-files.js';
import type { GpuProvider, SessionPlacement } from './onnx-session.js';
import { openSpeakerSegmenter } from './segmenter.js';

export interface SpeakerEngine {
  segmenter: SpeakerSegmenter;
  embedder: SpeakerEmbedder;
  /** Where the models run, and why not on the GPU that was asked for (null: as asked). */
  backend: { device: 'cpu' | GpuProvider['name']; note: string | null };
  /** How alike two of this embedder's voices are, on the scale of `calibration.voiceprint`. */
  voiceScore: VoiceScore;
  calibration: SpeakerCalibration;
}

const engines = new Map<string, Promise<SpeakerEngine>>();

/** A shipped cohort means the model was measured here (s-norm scale); otherwise plain cosine, unmeasured. */
async function scoring(modelDir: string, modelId: string): Promise<Pick<SpeakerEngine, 'voiceScore' | 'calibration'>> {
  const measured = await access(cohortPath(modelDir, modelId)).then(
    () => true,
    () => false,
  );
  if (!measured) return { voiceScore: cosine, calibration: unmeasuredCalibration };
  return {
    voiceScore: normalisedVoiceScore(await readSpeakerCohort(modelDir, modelId)),
    calibration: campplusCalibration,
  };
}

type OpenedModels = Pick<SpeakerEngine, 'segmenter' | 'embedder' | 'backend'>;

async function openModels(models: SpeakerModels, threads: number, gpu: GpuProvider | null): Promise<OpenedModels> {
  const open = async (placement: SessionPlacement) => ({
    segmenter: await openSpeakerSegmenter(models.segmentation, placement),
    embedder: await openSpeakerEmbedder(models.embedding, placement),
  });
  if (gpu === null) return { ...(await open({ threads, gpu: null })), backend: { device: 'cpu', note: null } };
  try {
    return { ...(await open({ threads, gpu })), backend: { device: gpu.name, note: null } };
  } catch (error) {
    const note = `${gpu.name} could not open the speaker models (${(error as Error).message}); they run on the CPU`;
    return { ...(await open({ threads, gpu: null })), backend: { device: 'cpu', note } };
  }
}

/**
 * Loads the chosen speaker models once per process (hash-checked; Hub ones downloaded into the
 * model cache when allowed) and reuses them for every meeting. With `gpu` (Whisper's CUDA or
 * DirectML device) they run there, and on the CPU when that backend cannot open them.
 */
export function loadSpeakerEngine(
  modelDir: string,
  choice: SpeakerModelChoice = bundledSpeakerModels,
  places: SpeakerModelPlaces | null = null,
  gpu: GpuProvider | null = null,
): Promise<SpeakerEngine> {
  const key = [modelDir, choice.segmentation, choice.embedding, gpu?.name ?? 'cpu', String(gpu?.deviceId ?? '')].join(
    '|',
  );
  const cached = engines.get(key);
  if (cached !== undefined) return cached;
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  const loading = readSpeakerModels(modelDir, choice, places).then(async (models) => ({
    ...(await openModels(models, threads, gpu)),
    ...(await scoring(modelDir, models.embedding.id)),
  }));
  // A failed load (missing or damaged file, no network) is retried on the next meeting rather than cached.
  loading.catch(() => engines.delete(key));
  engines.set(key, loading);
  return loading;
}
