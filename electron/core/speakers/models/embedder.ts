import type { SpeakerEmbedder } from '../diarization/embedding.js';
import { fbankBins } from '../diarization/fbank.js';
import { l2Normalise } from '../vectors.js';

import type { SpeakerModelFile } from './model-files.js';
import { openOnnxSession, runFloat32, type OnnxSession, type SessionPlacement } from './onnx-session.js';

/** An fbank embedding model on ONNX Runtime: one item per run, because zero-padding a batch changes the embedding. */
export async function openSpeakerEmbedder(
  model: SpeakerModelFile,
  placement: SessionPlacement,
): Promise<SpeakerEmbedder> {
  const session: OnnxSession = await openOnnxSession(model, placement);
  return {
    modelId: model.id,
    fbank: model.fbank,
    async embed(feats) {
      const frames = feats.length / fbankBins;
      const input = { name: model.input, data: feats, dims: [1, frames, fbankBins] };
      const output = await runFloat32(session, input, model.output);
      return l2Normalise(Float32Array.from(output.data));
    },
  };
}
