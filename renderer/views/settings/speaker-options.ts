import { speakerEmbeddingModelIds, speakerSegmentationModelIds } from '../../../electron/contract/settings.js';

import type { Choice } from './speech-options.js';

const labels: Record<string, string> = {
  'campplus-zh-en': 'CAM++ zh/en (shipped with the app)',
  'onnx-community/wespeaker-voxceleb-resnet34-LM': 'WeSpeaker ResNet34 (27 MB download; only suggests voices)',
  'pyannote-segmentation-3.0': 'pyannote segmentation 3.0 (shipped with the app)',
  'onnx-community/pyannote-segmentation-3.0': 'pyannote segmentation 3.0, Hub export (6 MB download)',
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
