import {
  readMessage,
  stringField,
  stringOf,
  writeMessage,
  type WireField,
} from '../../electron/core/models/onnx-wire.js';

// ONNX field numbers: ModelProto.graph 7; GraphProto.node 1, input 11, output 12; NodeProto.input 1,
// output 2; ValueInfoProto.name 1.
const modelGraph = 7;
const graphNode = 1;
const graphInput = 11;
const graphOutput = 12;
const nodeInput = 1;
const nodeOutput = 2;
const valueInfoName = 1;

function renameStrings(fields: readonly WireField[], which: readonly number[], names: ReadonlyMap<string, string>) {
  return fields.map((f) => {
    if (!which.includes(f.field) || typeof f.value === 'bigint') return f;
    const renamed = names.get(stringOf(f.value));
    return renamed === undefined ? f : stringField(f.field, renamed);
  });
}

const rewrite = (f: WireField, edit: (inner: WireField[]) => WireField[]): WireField =>
  typeof f.value === 'bigint' ? f : { ...f, value: writeMessage(edit(readMessage(f.value))) };

/**
 * The same ONNX model with some graph inputs and outputs renamed (in the graph's signature and in
 * every node that reads or writes them): how one export of a model differs from another.
 */
export function renameGraphIo(model: Uint8Array, names: ReadonlyMap<string, string>): Uint8Array {
  const fields = readMessage(model).map((f) =>
    f.field !== modelGraph
      ? f
      : rewrite(f, (graph) =>
          graph.map((g) => {
            if (g.field === graphNode) return rewrite(g, (node) => renameStrings(node, [nodeInput, nodeOutput], names));
            if (g.field === graphInput || g.field === graphOutput)
              return rewrite(g, (info) => renameStrings(info, [valueInfoName], names));
            return g;
          }),
        ),
  );
  return writeMessage(fields);
}
