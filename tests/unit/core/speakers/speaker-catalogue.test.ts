import { readFileSync } from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { speakerEmbeddingModelIds, speakerSegmentationModelIds } from '../../../../electron/contract/settings.js';
import { bundledSpeakerModels, findHubSpeakerModel } from '../../../../electron/core/speakers/models/catalogue.js';
import { defaultSpeakerModelDir } from '../../../../electron/core/speakers/models/model-files.js';

const manifest = JSON.parse(readFileSync(path.join(defaultSpeakerModelDir(), 'manifest.json'), 'utf8')) as {
  models: { id: string; task: string }[];
};

describe('speaker model catalogue', () => {
  it('knows every model the settings accept, as a bundled file or a Hub entry of the right task', () => {
    for (const [ids, task] of [
      [speakerEmbeddingModelIds, 'speaker-embedding'],
      [speakerSegmentationModelIds, 'segmentation'],
    ] as const) {
      for (const id of ids) {
        const bundled = manifest.models.find((model) => model.id === id);
        expect(bundled?.task ?? findHubSpeakerModel(id)?.task, id).toBe(task);
      }
    }
  });

  it('defaults to the bundled models, which need no download', () => {
    expect(manifest.models.map((model) => model.id)).toEqual(
      expect.arrayContaining([bundledSpeakerModels.segmentation, bundledSpeakerModels.embedding]),
    );
  });

  it('pins the WeSpeaker download by size and SHA-256', () => {
    const file = findHubSpeakerModel('onnx-community/wespeaker-voxceleb-resnet34-LM')?.file;
    expect(file?.bytes).toBe(26_535_549);
    expect(file?.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
