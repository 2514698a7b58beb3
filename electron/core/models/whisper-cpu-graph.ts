import { withConstantDequantizeFolded } from './constant-dequantize.js';
import { withoutDeadNodes, withoutOutputs } from './dead-nodes.js';
import { withFloatActivations } from './float-activations.js';
import { withMainGraph, withoutUnusedInitializers } from './onnx-graph.js';

/**
 * A q8 Whisper file (encoder or merged decoder) as the CPU runs it best, one pass per change, in
 * order: float activations (whisper.cpp's accuracy); the lm-head's DequantizeLinear folded into one
 * float weight; the encoder's attention maps no longer outputs (the worker reads only its hidden
 * state); nodes nothing reads removed; initializers nothing reads dropped. Only the first pass
 * changes any computed value.
 */
export function whisperCpuGraph(modelBytes: Uint8Array): { bytes: Uint8Array; rewritten: number } {
  const float = withFloatActivations(modelBytes);
  const bytes = withMainGraph(float.bytes, (main) =>
    withoutUnusedInitializers(
      withoutDeadNodes(
        withoutOutputs(withConstantDequantizeFolded(main), (name) => name.startsWith('encoder_attentions.')),
      ),
    ),
  );
  return { bytes, rewritten: float.rewritten };
}
