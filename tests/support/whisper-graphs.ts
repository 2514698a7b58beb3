import { execFileSync } from 'node:child_process';

import ort from 'onnxruntime-node';

import { withConstantDequantizeFolded } from '../../electron/core/models/constant-dequantize.js';
import { withoutDeadNodes, withoutOutputs } from '../../electron/core/models/dead-nodes.js';
import { withFloatActivations } from '../../electron/core/models/float-activations.js';
import { applyModelLocation } from '../../electron/core/models/model-location.js';
import { withMainGraph, withoutUnusedInitializers } from '../../electron/core/models/onnx-graph.js';

import { readAsrReferences, sharedModelsDir } from './shared-data.js';

/** What the tests of the Whisper CPU graph (issue 17) compare: graphs one lever apart, on a real clip. */

/** whisperCpuGraph's passes up to lever 3, without the fused attention. */
export function leversOneToThree(modelBytes: Uint8Array): Uint8Array {
  return withMainGraph(withFloatActivations(modelBytes).bytes, (main) =>
    withoutUnusedInitializers(
      withoutDeadNodes(
        withoutOutputs(withConstantDequantizeFolded(main), (name) => name.startsWith('encoder_attentions.')),
      ),
    ),
  );
}

/** Log-mel features of a real clip, as Whisper's feature extractor computes them (transformers.js). */
export async function realFeatures(): Promise<ort.Tensor> {
  const { AutoProcessor } = await import('@huggingface/transformers');
  const row = readAsrReferences().find((r) => r.language === 'en');
  if (row === undefined) throw new Error('no English clip in ../shared/data/asr');
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', row.file, '-ac', '1', '-ar', '16000', '-f', 'f32le', '-'], {
    maxBuffer: 1 << 26,
  });
  applyModelLocation({ modelDir: sharedModelsDir, allowRemoteModels: false });
  const processor = await AutoProcessor.from_pretrained('Xenova/whisper-tiny');
  const samples = new Float32Array(pcm.buffer, pcm.byteOffset, pcm.length / 4);
  const { input_features: features } = (await processor(samples)) as {
    input_features: { data: Float32Array; dims: number[] };
  };
  return new ort.Tensor('float32', features.data, features.dims);
}
