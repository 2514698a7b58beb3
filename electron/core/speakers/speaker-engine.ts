import { access } from 'node:fs/promises';
import { availableParallelism } from 'node:os';

import { cosine } from './clustering.js';
import { openSpeakerEmbedder, type SpeakerEmbedder } from './embedding.js';
import { cohortPath, normalisedVoiceScore, readSpeakerCohort, type VoiceScore } from './score-normalisation.js';
import { openSpeakerSegmenter, type SpeakerSegmenter } from './segmentation.js';
import { bundledSpeakerModels, type SpeakerModelChoice } from './speaker-catalogue.js';
import { readSpeakerModels, type SpeakerModelPlaces } from './speaker-models.js';
import { campplusCalibration, unmeasuredCalibration, type SpeakerCalibration } from './speaker-thresholds.js';

export interface SpeakerEngine {
  segmenter: SpeakerSegmenter;
  embedder: SpeakerEmbedder;
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

/**
 * Loads the chosen speaker models once per process (hash-checked; Hub ones downloaded into the
 * model cache when allowed) and reuses them for every meeting.
 */
export function loadSpeakerEngine(
  modelDir: string,
  choice: SpeakerModelChoice = bundledSpeakerModels,
  places: SpeakerModelPlaces | null = null,
): Promise<SpeakerEngine> {
  const key = [modelDir, choice.segmentation, choice.embedding].join('|');
  const cached = engines.get(key);
  if (cached !== undefined) return cached;
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  const loading = readSpeakerModels(modelDir, choice, places).then(async (models) => ({
    segmenter: await openSpeakerSegmenter(models.segmentation, threads),
    embedder: await openSpeakerEmbedder(models.embedding, threads),
    ...(await scoring(modelDir, models.embedding.id)),
  }));
  // A failed load (missing or damaged file, no network) is retried on the next meeting rather than cached.
  loading.catch(() => engines.delete(key));
  engines.set(key, loading);
  return loading;
}
