import { describe, expect, it } from 'vitest';

import { computeFbank, selectWithMeanNormalisation } from '../../../../electron/core/speakers/diarization/fbank.js';
import { openSpeakerEmbedder } from '../../../../electron/core/speakers/models/embedder.js';
import { readSpeakerModels } from '../../../../electron/core/speakers/models/model-files.js';
import { cosine, l2Normalise } from '../../../../electron/core/speakers/vectors.js';

import { int16Samples, readTestVector, speakerModelDir } from './model-testvectors.js';

interface CampplusVector {
  waveform: { data: string };
  embedding: number[];
  embedding_torch: number[];
}

describe('openSpeakerEmbedder', () => {
  it('gives the PyTorch CAM++ embedding for real speech from our own fbank (cosine > 0.9999)', async () => {
    const vector = readTestVector('campplus-zh-en') as CampplusVector;
    const models = await readSpeakerModels(speakerModelDir);
    const embedder = await openSpeakerEmbedder(models.embedding, { threads: 1, gpu: null });
    const fbank = computeFbank(int16Samples(vector.waveform.data));
    const embedding = await embedder.embed(
      selectWithMeanNormalisation(
        fbank,
        Array.from({ length: fbank.frameCount }, (_, i) => i),
      ),
    );
    expect(embedding).toHaveLength(192);
    expect(cosine(embedding, l2Normalise(Float32Array.from(vector.embedding_torch)))).toBeGreaterThan(0.9999);
    expect(embedder.modelId).toBe('campplus-zh-en');
  });

  it('refuses a model file whose hash is not the manifest one', async () => {
    const models = await readSpeakerModels(speakerModelDir);
    await expect(
      openSpeakerEmbedder({ ...models.embedding, sha256: '0'.repeat(64) }, { threads: 1, gpu: null }),
    ).rejects.toThrow(/damaged/);
  });
});
