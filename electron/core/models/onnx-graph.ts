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

/** The parts of an ONNX model the Whisper rewrites read and write (on top of the schema-free wire codec). */

// ONNX field numbers (onnx.proto).
export const model = { graph: 7 };
export const graph = { node: 1, initializer: 5, output: 12 };
export const node = { input: 1, output: 2, name: 3, opType: 4, attribute: 5 };
export const attribute = { name: 1, tensor: 5, graph: 6, ints: 8 };
export const tensor = { dims: 1, dataType: 2, floatData: 4, int32Data: 5, name: 8, rawData: 9 };
export const valueInfo = { name: 1 };
export const dataType = { float: 1, uint8: 2, int8: 3 };

export interface GraphNode {
  fields: WireField[];
  inputs: string[];
  outputs: string[];
  opType: string;
  name: string;
}

export function parseNode(bytes: Uint8Array): GraphNode {
  const fields = readMessage(bytes);
  const strings = (field: number): string[] => fields.filter((f) => f.field === field).map((f) => stringOf(f.value));
  return {
    fields,
    inputs: strings(node.input),
    outputs: strings(node.output),
    opType: strings(node.opType)[0] ?? '',
    name: strings(node.name)[0] ?? '',
  };
}

export interface Scope {
  parent: Scope | null;
  tensors: Map<string, Uint8Array>;
  producers: Map<string, GraphNode>;
  initializers: Set<string>;
  added: WireField[];
}

export function lookup<T>(scope: Scope | null, pick: (s: Scope) => Map<string, T>, name: string): T | undefined {
  for (let s = scope; s !== null; s = s.parent) {
    const found = pick(s).get(name);
    if (found !== undefined) return found;
  }
  return undefined;
}

export interface Tensor {
  dims: number[];
  values: Float32Array;
}

/**
 * Little-endian float bytes, copied into a buffer of their own so that the view is aligned. (Not
 * `bytes.slice()`: on a Node Buffer that is a view into the file or a shared pool, not a copy.)
 */
export function floatsOf(bytes: Uint8Array): Float32Array {
  return new Float32Array(new Uint8Array(bytes).buffer);
}

export const tensorName = (bytes: Uint8Array): string =>
  stringOf(readMessage(bytes).find((f) => f.field === tensor.name)?.value ?? 0n);

export function tensorValues(bytes: Uint8Array): Tensor {
  const fields = readMessage(bytes);
  const dims = varintsOf(fields, tensor.dims).map(Number);
  const type = Number(varintsOf(fields, tensor.dataType)[0] ?? 0);
  const raw = fields.find((f) => f.field === tensor.rawData)?.value;
  if (raw instanceof Uint8Array) {
    if (type === dataType.float) return { dims, values: floatsOf(raw) };
    if (type === dataType.uint8) return { dims, values: Float32Array.from(raw) };
    if (type === dataType.int8)
      return { dims, values: Float32Array.from(new Int8Array(raw.buffer, raw.byteOffset, raw.length)) };
  }
  if (type === dataType.float) {
    // Packed (wire type 2) or one value per field (wire type 5): either way little-endian float bytes.
    const parts = fields.flatMap((f) =>
      f.field === tensor.floatData && f.value instanceof Uint8Array ? [f.value] : [],
    );
    return { dims, values: floatsOf(Buffer.concat(parts)) };
  }
  if (type === dataType.uint8 || type === dataType.int8) {
    return {
      dims,
      values: Float32Array.from(varintsOf(fields, tensor.int32Data), (v) => Number(BigInt.asIntN(32, v))),
    };
  }
  throw new Error(`Unsupported tensor type ${String(type)} in a quantized Whisper file`);
}

export function floatTensor(name: string, dims: readonly number[], values: Float32Array): Uint8Array {
  return writeMessage([
    ...dims.map((d) => varintField(tensor.dims, d)),
    varintField(tensor.dataType, dataType.float),
    stringField(tensor.name, name),
    { field: tensor.rawData, wireType: 2, value: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) },
  ]);
}

export function constantTensors(nodes: readonly GraphNode[]): Map<string, Uint8Array> {
  const tensors = new Map<string, Uint8Array>();
  for (const n of nodes) {
    if (n.opType !== 'Constant') continue;
    for (const a of n.fields.filter((f) => f.field === node.attribute)) {
      const value = readMessage(a.value as Uint8Array).find((f) => f.field === attribute.tensor)?.value;
      const output = n.outputs[0];
      if (value instanceof Uint8Array && output !== undefined) tensors.set(output, value);
    }
  }
  return tensors;
}

/** Every tensor name a node of the graph or of its subgraphs reads, and the graph's outputs. */
export function namesRead(graphBytes: Uint8Array, into: Set<string>): Set<string> {
  for (const f of readMessage(graphBytes)) {
    if (!(f.value instanceof Uint8Array)) continue;
    if (f.field === graph.output) {
      into.add(stringOf(readMessage(f.value).find((v) => v.field === valueInfo.name)?.value ?? 0n));
    } else if (f.field === graph.node) {
      const n = parseNode(f.value);
      for (const input of n.inputs) into.add(input);
      for (const a of n.fields.filter((field) => field.field === node.attribute)) {
        for (const sub of readMessage(a.value as Uint8Array).filter((field) => field.field === attribute.graph))
          namesRead(sub.value as Uint8Array, into);
      }
    }
  }
  return into;
}

/**
 * The int8 weights (with their scales and zero points) that only the rewritten products read: ONNX
 * Runtime would drop them at load, but they would still be read from disk and fill the cached copy.
 */
export function withoutUnusedInitializers(graphBytes: Uint8Array): Uint8Array {
  const read = namesRead(graphBytes, new Set());
  return writeMessage(
    readMessage(graphBytes).filter((f) => {
      if (f.field !== graph.initializer) return true;
      return read.has(tensorName(f.value as Uint8Array));
    }),
  );
}

/** The node's fields with each graph attribute (an If's branches) replaced by `rewrite(subgraph)`. */
export function withSubgraphs(n: GraphNode, rewrite: (graphBytes: Uint8Array) => Uint8Array): WireField[] {
  return n.fields.map((f) => {
    if (f.field !== node.attribute || !(f.value instanceof Uint8Array)) return f;
    const attributeFields = readMessage(f.value);
    if (!attributeFields.some((a) => a.field === attribute.graph)) return f;
    return messageField(
      node.attribute,
      attributeFields.map((a) =>
        a.field === attribute.graph && a.value instanceof Uint8Array ? { ...a, value: rewrite(a.value) } : a,
      ),
    );
  });
}

/** The model with its main graph replaced by `rewrite(graph)`; every other field byte for byte. */
export function withMainGraph(modelBytes: Uint8Array, rewrite: (graphBytes: Uint8Array) => Uint8Array): Uint8Array {
  return writeMessage(
    readMessage(modelBytes).map((f) =>
      f.field === model.graph && f.value instanceof Uint8Array ? { ...f, value: rewrite(f.value) } : f,
    ),
  );
}
