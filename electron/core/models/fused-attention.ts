import { constantTensors, graph, model, node, parseNode, type GraphNode } from './onnx-graph.js';
import {
  messageField,
  readMessage,
  stringField,
  stringOf,
  varintField,
  varintsOf,
  writeMessage,
  type WireField,
} from './onnx-wire.js';

/**
 * The encoder's self-attention as the export spells it, per layer: q, k and v reshaped to heads,
 * `Softmax(q·kᵀ)` materialised as [batch, heads, 1500, 1500] floats (54 MB per layer for tiny, 72 MB
 * for base), multiplied by v and reshaped back. ONNX Runtime's `com.microsoft.MultiHeadAttention`
 * computes the same from q, k and v in tiles on the CPU, never holding the whole score matrix: the
 * encoder's peak memory and time both fall (issue 17, lever 4). The attention's inputs and output
 * keep their names, so the rest of the graph is untouched; the nodes it replaces are left for
 * dead-nodes.ts to remove. The sums run in another order, so values move in the last bits: the text
 * is checked on the dev set, not compared byte for byte.
 */

const microsoftDomain = 'com.microsoft';
const opsetImport = { field: 8, domain: 1, version: 2 };
const attributeFields = { name: 1, f: 2, i: 3, type: 20 };
const attributeType = { float: 1, int: 2 };
const int64Type = 7;

interface Layer {
  query: string;
  key: string;
  value: string;
  output: string;
  heads: number;
  name: string;
}

/** The graph's nodes by the names they produce and read. */
interface Wiring {
  producer: Map<string, GraphNode>;
  consumers: Map<string, GraphNode[]>;
  constants: Map<string, Uint8Array>;
}

/** Follows `name` up through producers of exactly these op types (input 0 each); null when the chain differs. */
function upThrough(
  wiring: Wiring,
  name: string,
  opTypes: readonly string[],
): { origin: string; nodes: GraphNode[] } | null {
  let current = name;
  const nodes: GraphNode[] = [];
  for (const opType of opTypes) {
    const producer = wiring.producer.get(current);
    if (producer?.opType !== opType) return null;
    nodes.push(producer);
    current = producer.inputs[0] ?? '';
  }
  return { origin: current, nodes };
}

/** Follows `name` down through its only consumer, of exactly these op types; null when the chain differs. */
function downThrough(wiring: Wiring, name: string, opTypes: readonly string[]): string | null {
  let current = name;
  for (const opType of opTypes) {
    const [only, ...others] = wiring.consumers.get(current) ?? [];
    if (only?.opType !== opType || others.length > 0) return null;
    current = only.outputs[0] ?? '';
  }
  return current;
}

/** An int64 constant's values (a shape's parts), raw or as varints. */
function int64Values(tensorBytes: Uint8Array): bigint[] {
  const fields = readMessage(tensorBytes);
  if (varintsOf(fields, 2)[0] !== BigInt(int64Type)) return [];
  const raw = fields.find((f) => f.field === 9)?.value;
  if (raw instanceof Uint8Array) {
    const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
    return Array.from({ length: raw.byteLength / 8 }, (_, index) => view.getBigInt64(index * 8, true));
  }
  return varintsOf(fields, 7).map((v) => BigInt.asIntN(64, v));
}

/** The head count a Reshape to [batch, time, heads, head size] names as a constant in its shape's Concat. */
function headsOf(wiring: Wiring, reshape: GraphNode): number | null {
  const concat = wiring.producer.get(reshape.inputs[1] ?? '');
  if (concat?.opType !== 'Concat' || concat.inputs.length !== 4) return null;
  const [heads] = int64Values(wiring.constants.get(concat.inputs[2] ?? '') ?? new Uint8Array());
  return heads === undefined || heads <= 0n ? null : Number(heads);
}

/**
 * One layer's attention around its Softmax, if it has the export's shape: scores = q·kᵀ with q from
 * Reshape→Transpose→Reshape and kᵀ from Reshape→Transpose→Reshape→Transpose; probabilities reshaped
 * twice (the second Reshape once fed the attention-map output), times v from Reshape→Transpose→Reshape,
 * then Reshape→Transpose→Reshape back to [batch, time, width].
 */
function layerAround(wiring: Wiring, softmax: GraphNode): Layer | null {
  const scores = wiring.producer.get(softmax.inputs[0] ?? '');
  if (scores?.opType !== 'MatMul') return null;
  const query = upThrough(wiring, scores.inputs[0] ?? '', ['Reshape', 'Transpose', 'Reshape']);
  const key = upThrough(wiring, scores.inputs[1] ?? '', ['Transpose', 'Reshape', 'Transpose', 'Reshape']);
  const probabilities = downThrough(wiring, softmax.outputs[0] ?? '', ['Reshape', 'Reshape']);
  const [product, ...others] = wiring.consumers.get(probabilities ?? '') ?? [];
  if (query === null || key === null || product?.opType !== 'MatMul' || others.length > 0) return null;
  const value = upThrough(wiring, product.inputs[1] ?? '', ['Reshape', 'Transpose', 'Reshape']);
  const output = downThrough(wiring, product.outputs[0] ?? '', ['Reshape', 'Transpose', 'Reshape']);
  const headSplit = query.nodes[2];
  const heads = headSplit === undefined ? null : headsOf(wiring, headSplit);
  if (value === null || output === null || heads === null) return null;
  return { query: query.origin, key: key.origin, value: value.origin, output, heads, name: softmax.name };
}

function attribute(name: string, type: number, value: WireField): WireField {
  return messageField(node.attribute, [
    stringField(attributeFields.name, name),
    value,
    varintField(attributeFields.type, type),
  ]);
}

/** `MultiHeadAttention(q, k, v)` writing the old attention's output; q is already scaled by the export, so scale 1. */
function fusedNode(layer: Layer): WireField {
  const one = new Uint8Array(new Float32Array([1]).buffer);
  return messageField(graph.node, [
    stringField(node.input, layer.query),
    stringField(node.input, layer.key),
    stringField(node.input, layer.value),
    stringField(node.output, layer.output),
    stringField(node.name, `${layer.name}_fused_attention`),
    stringField(node.opType, 'MultiHeadAttention'),
    attribute('num_heads', attributeType.int, varintField(attributeFields.i, layer.heads)),
    attribute('scale', attributeType.float, { field: attributeFields.f, wireType: 5, value: one }),
    stringField(7, microsoftDomain),
  ]);
}

/** The graph with each self-attention it recognises computed by one fused node; returns how many. */
export function withFusedAttention(graphBytes: Uint8Array): { bytes: Uint8Array; fused: number } {
  const fields = readMessage(graphBytes);
  const nodes = fields.filter((f) => f.field === graph.node).map((f) => parseNode(f.value as Uint8Array));
  const wiring: Wiring = { producer: new Map(), consumers: new Map(), constants: constantTensors(nodes) };
  for (const n of nodes) {
    for (const output of n.outputs) wiring.producer.set(output, n);
    for (const input of n.inputs) wiring.consumers.set(input, [...(wiring.consumers.get(input) ?? []), n]);
  }
  const layers = nodes
    .flatMap((n) => (n.opType === 'Softmax' ? [layerAround(wiring, n)] : []))
    .filter((l) => l !== null);
  if (layers.length === 0) return { bytes: graphBytes, fused: 0 };
  // The old final Reshape still writes the output name: it is renamed away and dies with its chain.
  const outputs = new Set(layers.map((layer) => layer.output));
  const renamed = fields.map((f) => {
    if (f.field !== graph.node) return f;
    const n = parseNode(f.value as Uint8Array);
    if (!n.outputs.some((output) => outputs.has(output))) return f;
    return messageField(
      graph.node,
      n.fields.map((field) =>
        field.field === node.output && outputs.has(stringOf(field.value))
          ? stringField(node.output, `${stringOf(field.value)}_unfused`)
          : field,
      ),
    );
  });
  return { bytes: writeMessage([...renamed, ...layers.map(fusedNode)]), fused: layers.length };
}

/** The model with `com.microsoft` among its operator sets, which the fused node needs. */
export function withMicrosoftOperators(modelBytes: Uint8Array): Uint8Array {
  const fields = readMessage(modelBytes);
  const imported = fields.some(
    (f) =>
      f.field === opsetImport.field &&
      stringOf(readMessage(f.value as Uint8Array).find((entry) => entry.field === opsetImport.domain)?.value ?? 0n) ===
        microsoftDomain,
  );
  if (imported) return modelBytes;
  const entry = messageField(opsetImport.field, [
    stringField(opsetImport.domain, microsoftDomain),
    varintField(opsetImport.version, 1),
  ]);
  const graphAt = fields.findIndex((f) => f.field === model.graph);
  return writeMessage([...fields.slice(0, graphAt + 1), entry, ...fields.slice(graphAt + 1)]);
}
