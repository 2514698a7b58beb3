import path from 'node:path';

import { env } from '@huggingface/transformers';

export interface ModelLocation {
  /** Looked up first, in the transformers.js layout <dir>/<org>/<model>/…; downloads land here too. */
  modelDir: string;
  allowRemoteModels: boolean;
}

/**
 * Points transformers.js at the worker's model folder. Resolution: the folder (MODEL_CACHE_DIR or the
 * app's cache) first, then the Hugging Face Hub when downloads are allowed, saved into the same folder.
 */
export function applyModelLocation(location: ModelLocation): void {
  const dir = path.resolve(location.modelDir);
  env.localModelPath = `${dir}${path.sep}`;
  env.cacheDir = dir;
  env.allowLocalModels = true;
  env.allowRemoteModels = location.allowRemoteModels;
}
