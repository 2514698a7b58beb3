import { readFile } from 'node:fs/promises';
import path from 'node:path';

import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';

import { withFloatActivations } from '../../electron/core/models/float-activations.js';
import { graph, namesRead, parseNode } from '../../electron/core/models/onnx-graph.js';
import { readMessage, stringOf } from '../../electron/core/models/onnx-wire.js';
import { whisperCpuGraph } from '../../electron/core/models/whisper-cpu-graph.js';
import { sharedModelsDir } from '../support/shared-data.js';
import { leversOneToThree, realFeatures } from '../support/whisper-graphs.js';

/**
 * Issue 17, levers 1–3: after the float rewrite, the lm-head's DequantizeLinear is folded into one
 * float weight, the encoder no longer outputs its attention maps, and nodes nothing reads are gone.
 * None of this may change a computed value: both encoders run here on a real clip's features. (Lever 4,
 * the fused attention that whisperCpuGraph applies next, moves the last bits: asr-fused-attention.test.ts.)
 */
const tinyDir = path.join(sharedModelsDir, 'Xenova', 'whisper-tiny', 'onnx');

function mainGraph(model: Uint8Array): Uint8Array {
  return readMessage(model).find((f) => f.field === 7)?.value as Uint8Array;
}

/** Every node of the graph and its subgraphs, as op type and inputs. */
function allNodes(graphBytes: Uint8Array): { opType: string; inputs: string[] }[] {
  return readMessage(graphBytes).flatMap((f) => {
    if (f.field !== graph.node) return [];
    const n = parseNode(f.value as Uint8Array);
    const subgraphs = n.fields
      .filter((a) => a.field === 5)
      .flatMap((a) => readMessage(a.value as Uint8Array).filter((field) => field.field === 6));
    return [{ opType: n.opType, inputs: n.inputs }, ...subgraphs.flatMap((sub) => allNodes(sub.value as Uint8Array))];
  });
}

describe('the CPU graph of the q8 Whisper files (issue 17, levers 1–3)', () => {
  it('computes the same encoder output without the attention maps', async () => {
    const encoderBytes = await readFile(path.join(tinyDir, 'encoder_model_quantized.onnx'));
    const [encoder, floatEncoder] = await Promise.all(
      [leversOneToThree(encoderBytes), withFloatActivations(encoderBytes).bytes].map((bytes) =>
        ort.InferenceSession.create(bytes, { intraOpNumThreads: 1 }),
      ),
    );
    expect(encoder?.outputNames).toEqual(['last_hidden_state']);
    expect(floatEncoder?.outputNames.filter((name) => name.startsWith('encoder_attentions.'))).toHaveLength(4);
    const features = await realFeatures();
    const hidden = (await encoder!.run({ input_features: features }))['last_hidden_state']!;
    const floatHidden = (await floatEncoder!.run({ input_features: features }, ['last_hidden_state']))[
      'last_hidden_state'
    ]!;
    expect(hidden.data).toEqual(floatHidden.data);

    // The decoder's text stays byte-identical too: 15 of 15 dev clips in `bench:asr -- --limit 12` (README).
  }, 300_000);

  it('leaves no DequantizeLinear of a constant, no DynamicQuantizeLinear and no node nothing reads', async () => {
    const decoder = mainGraph(
      whisperCpuGraph(await readFile(path.join(tinyDir, 'decoder_model_merged_quantized.onnx'))).bytes,
    );
    const nodes = allNodes(decoder);
    expect(nodes.filter((n) => n.opType === 'DynamicQuantizeLinear')).toEqual([]);
    // Only the token embedding's DequantizeLinear (of a Gather's output) is left, in each If-branch.
    expect(nodes.filter((n) => n.opType === 'DequantizeLinear').map((n) => n.inputs[0])).toEqual([
      '/model/decoder/embed_tokens/Gather_output_0_quantized',
      '/model/decoder/embed_tokens/Gather_output_0_quantized',
    ]);
    const lmHead = readMessage(decoder)
      .filter((f) => f.field === graph.initializer)
      .map((f) => readMessage(f.value as Uint8Array))
      .find(
        (fields) =>
          stringOf(fields.find((f) => f.field === 8)?.value ?? 0n) === 'model.decoder.embed_tokens.weight_transposed',
      );
    expect(lmHead?.filter((f) => f.field === 1).map((f) => Number(f.value))).toEqual([384, 51865]);
    const read = namesRead(decoder, new Set());
    expect(nodes.length).toBeGreaterThan(0);
    for (const f of readMessage(decoder).filter((field) => field.field === graph.node))
      expect(parseNode(f.value as Uint8Array).outputs.some((output) => read.has(output))).toBe(true);
  }, 120_000);
});
