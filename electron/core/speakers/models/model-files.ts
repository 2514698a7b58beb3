import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

import type { ModelStoreOptions } from '../../models/model-store.js';
import { ensureHubModel } from '../../models/model-store.js';
import { findShippedFolder } from '../../shipped-files.js';
import { campplusFbank, type FbankRecipe } from '../diarization/fbank.js';

import {
  bundledSpeakerModels,
  findHubSpeakerModel,
  type SpeakerModelChoice,
  type SpeakerModelTask,
} from './catalogue.js';

/** One speaker model file, found and ready to open. */
export interface SpeakerModelFile {
  id: string;
  path: string;
  /** null only for a Hub file no record pins (catalogue.ts). */
  sha256: string | null;
  input: string;
  /** null: the model's first output. */
  output: string | null;
  /** The fbank an embedding model expects (segmentation models read the waveform). */
  fbank: FbankRecipe;
}

export interface SpeakerModels {
  segmentation: SpeakerModelFile;
  embedding: SpeakerModelFile;
}

/** Where Hub speaker models are looked for and downloaded to: the Whisper model places. */
export type SpeakerModelPlaces = Omit<ModelStoreOptions, 'onProgress'>;

interface ManifestEntry {
  id: string;
  task: string;
  file: string;
  sha256: string;
  input: { name: string };
  output: { name: string };
}

/**
 * `resources/models`: beside the sources in a checkout, under the app's resources in an installed
 * build (electron-builder copies `resources/` there), like the SQL migrations.
 */
export function defaultSpeakerModelDir(): string {
  return findShippedFolder('speaker models', path.join('resources', 'models'), 'models', 'manifest.json');
}

const taskNames: Record<SpeakerModelTask, string> = {
  segmentation: 'speaker segmentation',
  'speaker-embedding': 'speaker embedding',
};

async function bundledModel(modelDir: string, id: string, task: SpeakerModelTask): Promise<SpeakerModelFile> {
  const manifest = JSON.parse(await readFile(path.join(modelDir, 'manifest.json'), 'utf8')) as {
    models: ManifestEntry[];
  };
  const entry = manifest.models.find((model) => model.id === id && model.task === task);
  if (entry === undefined) throw new Error(`The speaker model manifest in ${modelDir} lists no ${task} model ${id}`);
  return {
    id: entry.id,
    path: path.join(modelDir, entry.file),
    sha256: entry.sha256,
    input: entry.input.name,
    output: entry.output.name,
    fbank: campplusFbank,
  };
}

async function hubModel(
  id: string,
  task: SpeakerModelTask,
  places: SpeakerModelPlaces | null,
): Promise<SpeakerModelFile> {
  const entry = findHubSpeakerModel(id);
  if (entry?.task !== task) throw new Error(`${id} is not a known ${taskNames[task]} model`);
  if (places === null) throw new Error(`The ${taskNames[task]} model ${id} needs a model cache folder`);
  const dir = await ensureHubModel({ id, revision: entry.revision, files: [entry.file] }, places, taskNames[task]);
  return {
    id,
    path: path.join(dir, id, entry.file.path),
    sha256: entry.file.sha256,
    input: entry.input,
    output: entry.output,
    fbank: entry.fbank ?? campplusFbank,
  };
}

/**
 * The chosen segmentation and embedding models: bundled ones from the manifest in `modelDir`, Hub
 * ones from the model cache (downloaded and hash-checked when missing and downloads are allowed).
 */
export async function readSpeakerModels(
  modelDir: string,
  choice: SpeakerModelChoice = bundledSpeakerModels,
  places: SpeakerModelPlaces | null = null,
): Promise<SpeakerModels> {
  const pick = (id: string, task: SpeakerModelTask): Promise<SpeakerModelFile> =>
    findHubSpeakerModel(id) === undefined ? bundledModel(modelDir, id, task) : hubModel(id, task, places);
  return {
    segmentation: await pick(choice.segmentation, 'segmentation'),
    embedding: await pick(choice.embedding, 'speaker-embedding'),
  };
}

/** Reads a model file and refuses it unless its SHA-256 is the pinned one (when there is one). */
export async function readVerifiedModel(model: SpeakerModelFile): Promise<Uint8Array> {
  const bytes = await readFile(model.path);
  if (model.sha256 === null) return bytes;
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== model.sha256) {
    throw new Error(`The speaker model ${model.path} is damaged (sha256 ${actual}, expected ${model.sha256})`);
  }
  return bytes;
}
