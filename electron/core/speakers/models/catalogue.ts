import type { speakerEmbeddingModelIds, speakerSegmentationModelIds } from '../../../contract/settings.js';
import type { ModelFile } from '../../models/model-manifest.js';
import type { FbankRecipe } from '../diarization/fbank.js';

export type SpeakerModelTask = 'segmentation' | 'speaker-embedding';

/** Which segmentation and embedding model a worker uses (settings `speakerSegmentationModel` / `speakerEmbeddingModel`). */
export interface SpeakerModelChoice {
  segmentation: (typeof speakerSegmentationModelIds)[number];
  embedding: (typeof speakerEmbeddingModelIds)[number];
}

/** The models shipped in resources/models: they need no download and are the ones the thresholds were measured on. */
export const bundledSpeakerModels: SpeakerModelChoice = {
  segmentation: 'pyannote-segmentation-3.0',
  embedding: 'campplus-zh-en',
};

/** A transformers.js speaker model on the Hub, pinned like the Whisper files (model-manifest.ts). */
export interface HubSpeakerModel {
  id: string;
  task: SpeakerModelTask;
  revision: string;
  file: ModelFile;
  input: string;
  /** null: the model's first (only) output. */
  output: string | null;
  /** Embedding models: the fbank the model was trained on. */
  fbank: FbankRecipe | null;
  license: string;
}

/**
 * The Hub's transformers.js exports of the two speaker models peers use. The Hub is unreachable from
 * the build machine, so the pins come from published records: WeSpeaker's file size and SHA-256 from
 * two independent projects that pin the same download. The segmentation export's hash was found in
 * no record, so only its path is listed and the store cannot check its bytes (like Whisper small's
 * files). Neither could be run here; see the README's speaker section.
 */
export const hubSpeakerModels: readonly HubSpeakerModel[] = [
  {
    id: 'onnx-community/wespeaker-voxceleb-resnet34-LM',
    task: 'speaker-embedding',
    revision: 'main',
    file: {
      path: 'onnx/model.onnx',
      bytes: 26_535_549,
      sha256: '3955447b0499dc9e0a4541a895df08b03c69098eba4e56c02b5603e9f7f4fcbb',
    },
    // transformers.js WeSpeakerFeatureExtractor: Kaldi fbank, hamming window, int16 scale, mean-normalised.
    input: 'input_features',
    output: null,
    fbank: { window: 'hamming', sampleScale: 32768 },
    license: 'CC-BY-4.0 (WeSpeaker VoxCeleb models)',
  },
  {
    id: 'onnx-community/pyannote-segmentation-3.0',
    task: 'segmentation',
    revision: 'main',
    file: { path: 'onnx/model.onnx', bytes: null, sha256: null },
    // PyAnnoteFeatureExtractor: the raw waveform [batch, 1, samples]; out: 7 powerset classes per frame.
    input: 'input_values',
    output: 'logits',
    fbank: null,
    license: 'MIT (pyannote segmentation-3.0)',
  },
];

export function findHubSpeakerModel(id: string): HubSpeakerModel | undefined {
  return hubSpeakerModels.find((model) => model.id === id);
}
