import { availableParallelism } from 'node:os';

import { openSpeakerEmbedder, type SpeakerEmbedder } from './embedding.js';
import { openSpeakerSegmenter, type SpeakerSegmenter } from './segmentation.js';
import { readSpeakerModels } from './speaker-models.js';

export interface SpeakerEngine {
  segmenter: SpeakerSegmenter;
  embedder: SpeakerEmbedder;
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
  }));
  // A failed load (missing or damaged file) is retried on the next meeting rather than cached.
  loading.catch(() => engines.delete(modelDir));
  engines.set(modelDir, loading);
  return loading;
}
