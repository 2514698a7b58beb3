import { withConstantDequantizeFolded } from './constant-dequantize.js';
import { withoutDeadNodes, withoutOutputs } from './dead-nodes.js';
import { withFloatActivations } from './float-activations.js';
import { withFusedAttention, withMicrosoftOperators } from './fused-attention.js';
import { withMainGraph, withoutUnusedInitializers } from './onnx-graph.js';

/**
 * A q8 Whisper file (encoder or merged decoder) as the CPU runs it best, one pass per change, in
 * order: float activations (whisper.cpp's accuracy); the lm-head's DequantizeLinear folded into one
 * float weight; the encoder's attention maps no longer outputs (the worker reads only its hidden
 * state); the encoder's self-attention as one fused MultiHeadAttention per layer (never holding a
 * layer's whole score matrix); nodes nothing reads removed; initializers nothing reads dropped. The
 * first pass changes computed values (that is its point), the fused attention only in the last bits.
 */
export function whisperCpuGraph(modelBytes: Uint8Array): { bytes: Uint8Array; rewritten: number; fused: number } {
  const float = withFloatActivations(modelBytes);
  let fused = 0;
  const bytes = withMainGraph(float.bytes, (main) => {
    const withoutMaps = withoutOutputs(withConstantDequantizeFolded(main), (name) =>
      name.startsWith('encoder_attentions.'),
    );
    const attention = withFusedAttention(withoutMaps);
    fused = attention.fused;
    return withoutUnusedInitializers(withoutDeadNodes(attention.bytes));
  });
  return { bytes: fused > 0 ? withMicrosoftOperators(bytes) : bytes, rewritten: float.rewritten, fused };
}
