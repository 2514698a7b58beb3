import { availableParallelism } from 'node:os';

import { openSpeakerEmbedder, type SpeakerEmbedder } from './embedding.js';
import { normalisedVoiceScore, readSpeakerCohort, type VoiceScore } from './score-normalisation.js';
import { openSpeakerSegmenter, type SpeakerSegmenter } from './segmentation.js';
import { readSpeakerModels } from './speaker-models.js';

export interface SpeakerEngine {
  segmenter: SpeakerSegmenter;
  embedder: SpeakerEmbedder;
  /** How alike two of this embedder's voices are, on the scale of `voiceprintThresholds`. */
  voiceScore: VoiceScore;
}

const engines = new Map<string, Promise<SpeakerEngine>>();

/** Loads the bundled speaker models once per process (hash-checked) and reuses them for every meeting. */
export function loadSpeakerEngine(modelDir: string): Promise<SpeakerEngine> {
  const cached = engines.get(modelDir);
  if (cached !== undefined) return cached;
  const threads = Math.max(1, Math.min(4, availableParallelism()));
  const loading = readSpeakerModels(modelDir).then(async (models) => ({
    segmenter: await openSpeakerSegmenter(models.segmentation, threads),
    embedder: await openSpeakerEmbedder(models.embedding, threads),
    voiceScore: normalisedVoiceScore(await readSpeakerCohort(modelDir, models.embedding.id)),
  }));
  // A failed load (missing or damaged file) is retried on the next meeting rather than cached.
  loading.catch(() => engines.delete(modelDir));
  engines.set(modelDir, loading);
  return loading;
}
