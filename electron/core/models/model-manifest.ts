/**
 * Every model file the speech stage can use, pinned by size and SHA-256 so a download (or a copy a
 * person placed in MODEL_CACHE_DIR) is checked before ONNX Runtime ever parses it.
 * Hashes for tiny and base were measured on the published files (npm sts-whisper-*@1.0.0, re-publishing
 * Hugging Face Xenova/whisper-*; tiny cross-checked against an independent record at the revision
 * below). small and large-v3-turbo could not be fetched here (the Hub is unreachable from the build
 * machine): their files are listed without hashes, and the manager says so when it loads them.
 */
export interface ModelFile {
  /** Path inside the model folder, e.g. `onnx/encoder_model_quantized.onnx`. */
  path: string;
  bytes: number | null;
  sha256: string | null;
}

export type SpeedTier = 'fastest' | 'fast' | 'balanced' | 'accurate';

export interface WhisperModelEntry {
  /** Hugging Face repository id, also the folder under the model directory. */
  id: string;
  revision: string;
  files: readonly ModelFile[];
  /** Approximate download size in bytes (sum of the files). */
  sizeBytes: number;
  /** 'multilingual' covers Whisper's 99 languages. */
  languages: 'multilingual';
  speedTier: SpeedTier;
  /** Published English WER (LibriSpeech test-clean, OpenAI paper / model cards) for sanity checks. */
  publishedEnglishWer: number;
  /** The dtype transformers.js loads (only these files are pinned). */
  dtype: 'q8' | 'fp16';
}

const sharedTokenizerFiles: readonly ModelFile[] = [
  {
    path: 'added_tokens.json',
    bytes: 2082,
    sha256: 'ce949fe720c14311cb6c446e69cfe340dc669d7b006077a6feed6ae571dd7e88',
  },
  { path: 'merges.txt', bytes: 493869, sha256: '2df2990a395e35e8dfbc7511e08c12d56018d8d04691e0133e5d63b21e154dc6' },
  { path: 'normalizer.json', bytes: 52666, sha256: 'bf1c507dc8724ca9cf9903640dacfb69dae2f00edee4f21ceba106a7392f26dd' },
  {
    path: 'preprocessor_config.json',
    bytes: 339,
    sha256: 'a6a76d28c93edb273669eb9e0b0636a2bddbb1272c3261e47b7ca6dfdbac1b8d',
  },
  {
    path: 'special_tokens_map.json',
    bytes: 2194,
    sha256: 'e67ae3a0aaa99abcd9f187138e12db1f65c16a14761c50ef10eef2c174a7a691',
  },
  {
    path: 'tokenizer.json',
    bytes: 2480466,
    sha256: '27fc476bfe7f17299480be2273fc0608e4d5a99aba2ab5dec5374b4482d1a566',
  },
  {
    path: 'tokenizer_config.json',
    bytes: 282683,
    sha256: '2a4c4281cf9f51ac6ccc406fdc711a087afe6530f671fa7b80953edc498275ce',
  },
  { path: 'vocab.json', bytes: 1036584, sha256: '50d6a919f0a0601d56a04eb583c780d18553aa388254ba3158eb6a00f13e2c1a' },
];

function unpinned(paths: readonly string[]): ModelFile[] {
  return paths.map((path) => ({ path, bytes: null, sha256: null }));
}

const transformersLayout = [
  'added_tokens.json',
  'config.json',
  'generation_config.json',
  'merges.txt',
  'normalizer.json',
  'preprocessor_config.json',
  'special_tokens_map.json',
  'tokenizer.json',
  'tokenizer_config.json',
  'vocab.json',
];

export const whisperModels: readonly WhisperModelEntry[] = [
  {
    id: 'Xenova/whisper-tiny',
    revision: '5332fcc35e32a33b86612b9a57a89be7906102b1',
    files: [
      ...sharedTokenizerFiles,
      { path: 'config.json', bytes: 2248, sha256: '2b2e4e519084e0ea028b19b153f95202735a971870d6844aa26e559edd292e94' },
      {
        path: 'generation_config.json',
        bytes: 3716,
        sha256: '68ac791fcb4999461a313472125042934656240ba1cba7d1c2627fcbb19ac24c',
      },
      {
        path: 'onnx/encoder_model_quantized.onnx',
        bytes: 10124910,
        sha256: 'fd9d995b9dcb0520f0dbf6cf68651af639fc385f594d9d876e69ca2802dc438e',
      },
      {
        path: 'onnx/decoder_model_merged_quantized.onnx',
        bytes: 30727765,
        sha256: '6c0c125986b007d2e3734bec84c18bda0152071b90b87fadac6d7764499927a0',
      },
    ],
    sizeBytes: 45_200_000,
    languages: 'multilingual',
    speedTier: 'fastest',
    publishedEnglishWer: 0.076,
    dtype: 'q8',
  },
  {
    id: 'Xenova/whisper-base',
    revision: 'main',
    files: [
      ...sharedTokenizerFiles,
      { path: 'config.json', bytes: 2248, sha256: 'd1d347fdb422e6347c2f843a90d375aa67ea3f4b3e20d2c3075f9a9f6243685b' },
      {
        path: 'generation_config.json',
        bytes: 3776,
        sha256: '3bba359e33fdd6dc1c10f71846a477d339b0242f462f70ea1dd73274caa38d05',
      },
      {
        path: 'onnx/encoder_model_quantized.onnx',
        bytes: 23200850,
        sha256: '3e345e977b55620a37c0c2b2af0644e019afdfad562dcf71eb929bb7274285f9',
      },
      {
        path: 'onnx/decoder_model_merged_quantized.onnx',
        bytes: 53707539,
        sha256: 'a6beb6baabb66f00b6a686d828c95ffca6146d51900cbad0266cad38f64cf861',
      },
    ],
    sizeBytes: 81_300_000,
    languages: 'multilingual',
    speedTier: 'fast',
    publishedEnglishWer: 0.05,
    dtype: 'q8',
  },
  {
    id: 'Xenova/whisper-small',
    revision: 'main',
    files: unpinned([
      ...transformersLayout,
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]),
    sizeBytes: 250_000_000,
    languages: 'multilingual',
    speedTier: 'balanced',
    publishedEnglishWer: 0.034,
    dtype: 'q8',
  },
  {
    id: 'onnx-community/whisper-large-v3-turbo',
    revision: 'main',
    files: unpinned([
      ...transformersLayout,
      'onnx/encoder_model_quantized.onnx',
      'onnx/decoder_model_merged_quantized.onnx',
    ]),
    sizeBytes: 1_000_000_000,
    languages: 'multilingual',
    speedTier: 'accurate',
    publishedEnglishWer: 0.025,
    dtype: 'q8',
  },
];

/** Silero VAD v6 (MIT, snakers4/silero-vad), byte-identical to npm @ricky0123/vad-web@0.0.31 dist/silero_vad_v6.onnx. */
export const sileroVadModel = {
  id: 'silero/silero_vad',
  file: {
    path: 'silero/silero_vad.onnx',
    bytes: 2327524,
    sha256: '1a153a22f4509e292a94e67d6f9b85e8deb25b4988682b7e174c65279d8788e3',
  },
  source:
    'npm @ricky0123/vad-web@0.0.31 dist/silero_vad_v6.onnx (tarball sha256 d1a211cf1a2ed26297da52cc08de79e75d79838a274bfc6de546feb1f828c940)',
  license: 'MIT',
} as const;

export function findWhisperModel(id: string): WhisperModelEntry | undefined {
  return whisperModels.find((entry) => entry.id === id);
}
