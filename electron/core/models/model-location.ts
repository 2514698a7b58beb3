import path from 'node:path';

import { env } from '@huggingface/transformers';

import type { ModelStoreOptions } from './model-store.js';

export interface ModelLocation {
  /** Looked up first (MODEL_CACHE_DIR, or the app cache when unset), transformers.js layout <dir>/<org>/<model>/…. */
  modelDir: string;
  /** Looked up second, and where downloads land (the app's own cache folder). */
  appCacheDir?: string;
  allowRemoteModels: boolean;
  /** Hugging Face Hub base URL; defaults to HF_ENDPOINT or https://huggingface.co. */
  hubUrl?: string;
}

/**
 * Points transformers.js at the folder that holds the checked model. Downloads are done (and hash
 * checked) by the model store, so transformers.js itself is only allowed to fetch when asked to.
 */
export function applyModelLocation(location: ModelLocation): void {
  const dir = path.resolve(location.modelDir);
  env.localModelPath = `${dir}${path.sep}`;
  env.cacheDir = dir;
  env.allowLocalModels = true;
  env.allowRemoteModels = location.allowRemoteModels;
}

/** Where the model store looks for a Hub model, and where (if allowed) it downloads one. */
export function hubPlaces(location: ModelLocation): Omit<ModelStoreOptions, 'onProgress'> {
  return {
    searchDirs: [location.modelDir, ...(location.appCacheDir === undefined ? [] : [location.appCacheDir])],
    downloadDir: location.allowRemoteModels ? (location.appCacheDir ?? location.modelDir) : null,
    hubUrl: location.hubUrl ?? process.env['HF_ENDPOINT'] ?? 'https://huggingface.co',
  };
}
