import { speakerEmbeddingModelIds, speakerSegmentationModelIds } from '../../../electron/contract/settings.js';

import type { Choice } from './speech-options.js';

const labels: Record<string, string> = {
  'campplus-zh-en': 'Built in, tuned for this app (CAM++ zh/en)',
  'onnx-community/wespeaker-voxceleb-resnet34-LM':
    'Alternative, 27 MB download; only suggests known voices (WeSpeaker ResNet34)',
  'pyannote-segmentation-3.0': 'Built in (pyannote segmentation 3.0)',
  'onnx-community/pyannote-segmentation-3.0': 'The same, downloaded, 6 MB (pyannote segmentation 3.0, Hub export)',
};

/** Hub models (ids with an owner) need a download: offered only when downloads are on, or already chosen. */
export function speakerModelOptions(
  kind: 'embedding' | 'segmentation',
  current: string,
  allowDownloads: boolean,
): Choice[] {
  const ids = kind === 'embedding' ? speakerEmbeddingModelIds : speakerSegmentationModelIds;
  return ids.map((id) => ({
    value: id,
    label: labels[id] ?? id,
    disabled: id.includes('/') && !allowDownloads && id !== current,
  }));
}
