import { powersetToActivity, type SpeakerSegmenter } from '../diarization/segmentation.js';

import type { SpeakerModelFile } from './model-files.js';
import { openOnnxSession, runFloat32, type OnnxSession, type SessionPlacement } from './onnx-session.js';

/**
 * pyannote segmentation on ONNX Runtime: a 10 s chunk in, the most likely powerset class per frame
 * out (or each speaker above `speakerThreshold`, for the bench's comparison; segmentation.ts).
 */
export async function openSpeakerSegmenter(
  model: SpeakerModelFile,
  placement: SessionPlacement,
  speakerThreshold?: number,
): Promise<SpeakerSegmenter> {
  const session: OnnxSession = await openOnnxSession(model, placement);
  return {
    modelId: model.id,
    async segment(chunk) {
      const output = await runFloat32(
        session,
        { name: model.input, data: chunk, dims: [1, 1, chunk.length] },
        model.output,
      );
      return powersetToActivity(output.data, output.dims[1] ?? 0, speakerThreshold);
    },
  };
}
