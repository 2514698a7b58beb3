import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `../shared` beside the checkout: real speech and real models (see its SOURCES.md files). */
export const sharedDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared');
export const sharedModelsDir = path.join(sharedDir, 'models');
export const repoDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

if (!existsSync(sharedModelsDir)) {
  throw new Error(`The shared data folder was not found at ${sharedDir}: clone the project beside ../shared`);
}

export interface AsrReference {
  file: string;
  text: string;
  language: string;
}

/** Rows of shared/data/asr/refs.tsv, with absolute file paths. */
export function readAsrReferences(): AsrReference[] {
  return readFileSync(path.join(sharedDir, 'data', 'asr', 'refs.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const [file = '', text = '', language = ''] = line.split('\t');
      return { file: path.join(sharedDir, 'data', file), text, language };
    });
}

/** The recording the demo ships (LibriSpeech test-clean 1089-134686-0000, CC-BY-4.0) and its reference. */
export const sampleRecording = {
  file: path.join(repoDir, 'resources', 'samples', 'librispeech-1089-134686-0000.flac'),
  reference:
    'HE HOPED THERE WOULD BE STEW FOR DINNER TURNIPS AND CARROTS AND BRUISED POTATOES AND FAT MUTTON PIECES TO BE LADLED OUT IN THICK PEPPERED FLOUR FATTENED SAUCE',
};
