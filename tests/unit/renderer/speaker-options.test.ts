import { describe, expect, it } from 'vitest';

import { speakerEmbeddingModelIds } from '../../../electron/contract/settings.js';
import { speakerModelOptions } from '../../../renderer/views/settings/speaker-options.js';

describe('speakerModelOptions', () => {
  it('offers every embedding model the settings accept, the shipped one first', () => {
    const options = speakerModelOptions('embedding', 'campplus-zh-en', true);
    expect(options.map((o) => o.value)).toEqual([...speakerEmbeddingModelIds]);
    // Labelled by what it does, the technical name second.
    expect(options[0]?.label).toBe('Built in, tuned for this app (CAM++ zh/en)');
    expect(options.every((o) => o.disabled === false)).toBe(true);
  });

  it('does not offer a Hub model while downloads are off, unless it is the saved choice', () => {
    const off = speakerModelOptions('segmentation', 'pyannote-segmentation-3.0', false);
    expect(off.find((o) => o.value === 'onnx-community/pyannote-segmentation-3.0')?.disabled).toBe(true);
    const saved = speakerModelOptions('segmentation', 'onnx-community/pyannote-segmentation-3.0', false);
    expect(saved.find((o) => o.value === 'onnx-community/pyannote-segmentation-3.0')?.disabled).toBe(false);
  });
});
