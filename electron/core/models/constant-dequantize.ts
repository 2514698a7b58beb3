import {
  attribute,
  constantTensors,
  floatTensor,
  graph,
  lookup,
  node,
  parseNode,
  tensorName,
  tensorValues,
  withSubgraphs,
  type GraphNode,
  type Scope,
  type Tensor,
} from './onnx-graph.js';
import { messageField, readMessage, varintsOf, writeMessage, type WireField } from './onnx-wire.js';

/**
 * The q8 decoder computes its lm-head weight as `DequantizeLinear(Transpose(embed_tokens uint8))`
 * (51,865 × 384 for tiny) inside both branches of its If, and ONNX Runtime does not fold
 * DequantizeLinear: every decoder step built an 80 MB float buffer (about half of a step's time,
 * issue 17). Any DequantizeLinear of a constant, through at most one Transpose, becomes one float
 * initializer under the same name: the same numbers, computed once when the copy is made.
 */

/** A 2-D transpose; any other permutation is left to ONNX Runtime. */
function transposed(values: Tensor, perm: readonly number[]): Tensor | null {
  const [rows = 0, columns = 0] = values.dims;
  if (values.dims.length !== 2 || (perm.length > 0 && (perm[0] !== 1 || perm[1] !== 0))) return null;
  const out = new Float32Array(values.values.length);
  for (let r = 0; r < rows; r += 1)
    for (let c = 0; c < columns; c += 1) out[c * rows + r] = values.values[r * columns + c] ?? 0;
  return { dims: [columns, rows], values: out };
}

function permOf(n: GraphNode): number[] {
  for (const a of n.fields.filter((f) => f.field === node.attribute)) {
    const fields = readMessage(a.value as Uint8Array);
    const name = fields.find((f) => f.field === attribute.name)?.value;
    if (name instanceof Uint8Array && new TextDecoder().decode(name) === 'perm')
      return varintsOf(fields, attribute.ints).map(Number);
  }
  return [];
}

/** Where a constant lives: the outermost scope holding its initializer (the decoder's main graph). */
function ownerOf(scope: Scope, name: string): Scope {
  let owner = scope;
  for (let s: Scope | null = scope; s !== null; s = s.parent) if (s.tensors.has(name)) owner = s;
  return owner;
}

/** The float values of a DequantizeLinear whose input is constant (per-tensor scale and zero point), or null. */
function foldedValues(n: GraphNode, scope: Scope): { values: Tensor; source: string } | null {
  const [input = '', scaleName = '', zeroPointName = ''] = n.inputs;
  const read = (name: string): Tensor | null => {
    const bytes = lookup(scope, (s) => s.tensors, name);
    return bytes === undefined ? null : tensorValues(bytes);
  };
  const [scale, zeroPoint] = [read(scaleName), zeroPointName === '' ? null : read(zeroPointName)];
  if (scale?.values.length !== 1 || (zeroPoint !== null && zeroPoint.values.length !== 1)) return null;
  let source = input;
  let weight = read(input);
  const transpose = lookup(scope, (s) => s.producers, input);
  if (weight === null && transpose?.opType === 'Transpose') {
    source = transpose.inputs[0] ?? '';
    const base = read(source);
    weight = base === null ? null : transposed(base, permOf(transpose));
  }
  if (weight === null) return null;
  const [s, z] = [scale.values[0] ?? 0, zeroPoint?.values[0] ?? 0];
  return { values: { dims: weight.dims, values: weight.values.map((v) => (v - z) * s) }, source };
}

function foldGraph(bytes: Uint8Array, parent: Scope | null): Uint8Array {
  const fields = readMessage(bytes);
  const nodes = fields.filter((f) => f.field === graph.node).map((f) => parseNode(f.value as Uint8Array));
  const scope: Scope = {
    parent,
    tensors: constantTensors(nodes),
    producers: new Map(),
    initializers: new Set(),
    added: [],
  };
  for (const f of fields.filter((f) => f.field === graph.initializer))
    scope.tensors.set(tensorName(f.value as Uint8Array), f.value as Uint8Array);
  for (const n of nodes) for (const output of n.outputs) scope.producers.set(output, n);
  const kept: WireField[] = [];
  for (const n of nodes) {
    const output = n.outputs[0] ?? '';
    const folded = n.opType === 'DequantizeLinear' ? foldedValues(n, scope) : null;
    if (folded === null) {
      kept.push(
        messageField(
          graph.node,
          withSubgraphs(n, (sub) => foldGraph(sub, scope)),
        ),
      );
      continue;
    }
    // Both If-branches fold the same weight under the same name: it is added once, beside its source.
    const owner = ownerOf(scope, folded.source);
    if (!owner.initializers.has(output)) {
      owner.added.push({
        field: graph.initializer,
        wireType: 2,
        value: floatTensor(output, folded.values.dims, folded.values.values),
      });
      owner.initializers.add(output);
    }
  }
  return writeMessage([...kept, ...fields.filter((f) => f.field !== graph.node), ...scope.added]);
}

/** The graph with every DequantizeLinear of a constant replaced by its float result. */
export function withConstantDequantizeFolded(graphBytes: Uint8Array): Uint8Array {
  return foldGraph(graphBytes, null);
}
