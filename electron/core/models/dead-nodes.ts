import { graph, namesRead, parseNode, valueInfo, withSubgraphs } from './onnx-graph.js';
import { messageField, readMessage, stringOf, writeMessage } from './onnx-wire.js';

/**
 * Outputs nobody asks for still cost: ONNX Runtime computes every graph output whatever the caller
 * fetches, and nodes whose results nothing reads still run (after the float rewrite, 25
 * DynamicQuantizeLinear nodes per decoder step, one re-quantizing the whole encoder output; issue 17).
 */

/** The graph without the outputs `unwanted` names (e.g. the encoder's attention maps, 216 MB for tiny). */
export function withoutOutputs(graphBytes: Uint8Array, unwanted: (name: string) => boolean): Uint8Array {
  return writeMessage(
    readMessage(graphBytes).filter((f) => {
      if (f.field !== graph.output) return true;
      const name = stringOf(readMessage(f.value as Uint8Array).find((v) => v.field === valueInfo.name)?.value ?? 0n);
      return !unwanted(name);
    }),
  );
}

/**
 * The graph without nodes whose outputs nothing reads, removed until none is left: subgraphs first
 * (an If-branch's outputs are what it must compute), then the graph itself, whose names read include
 * those its remaining subgraphs read.
 */
export function withoutDeadNodes(graphBytes: Uint8Array): Uint8Array {
  let fields = readMessage(graphBytes).map((f) =>
    f.field === graph.node
      ? messageField(graph.node, withSubgraphs(parseNode(f.value as Uint8Array), withoutDeadNodes))
      : f,
  );
  for (;;) {
    const read = namesRead(writeMessage(fields), new Set());
    const alive = fields.filter(
      (f) => f.field !== graph.node || parseNode(f.value as Uint8Array).outputs.some((output) => read.has(output)),
    );
    if (alive.length === fields.length) return writeMessage(fields);
    fields = alive;
  }
}
