import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import { findShippedFolder } from '../shipped-files.js';

/** One bundled speaker model as `resources/models/manifest.json` describes it. */
export interface SpeakerModelFile {
  id: string;
  path: string;
  sha256: string;
}

export interface SpeakerModels {
  segmentation: SpeakerModelFile;
  embedding: SpeakerModelFile;
}

interface ManifestEntry {
  id: string;
  task: string;
  file: string;
  sha256: string;
}

/**
 * `resources/models`: beside the sources in a checkout, under the app's resources in an installed
 * build (electron-builder copies `resources/` there), like the SQL migrations.
 */
export function defaultSpeakerModelDir(): string {
  return findShippedFolder('speaker models', path.join('resources', 'models'), 'models', 'manifest.json');
}

/** Reads the manifest and picks the segmentation and embedding models it lists. */
export async function readSpeakerModels(modelDir: string): Promise<SpeakerModels> {
  const manifest = JSON.parse(await readFile(path.join(modelDir, 'manifest.json'), 'utf8')) as {
    models: ManifestEntry[];
  };
  const pick = (task: string): SpeakerModelFile => {
    const entry = manifest.models.find((model) => model.task === task);
    if (entry === undefined) throw new Error(`The speaker model manifest in ${modelDir} lists no ${task} model`);
    return { id: entry.id, path: path.join(modelDir, entry.file), sha256: entry.sha256 };
  };
  return { segmentation: pick('segmentation'), embedding: pick('speaker-embedding') };
}

/** Reads a model file and refuses it unless its SHA-256 is the manifest's. */
export async function readVerifiedModel(model: SpeakerModelFile): Promise<Uint8Array> {
  const bytes = await readFile(model.path);
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== model.sha256) {
    throw new Error(`The speaker model ${model.path} is damaged (sha256 ${actual}, expected ${model.sha256})`);
  }
  return bytes;
}
