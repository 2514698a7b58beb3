/**
 * Just enough of the protobuf wire format to edit an ONNX model without its schema: a message is a
 * list of fields, and fields this code does not touch are written back byte for byte, so nothing a
 * newer ONNX version adds is lost.
 */
export interface WireField {
  field: number;
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32. */
  wireType: number;
  /** A varint's value, or the raw bytes of the other wire types. */
  value: bigint | Uint8Array;
}

function readVarint(bytes: Uint8Array, at: number): [bigint, number] {
  let value = 0n;
  let shift = 0n;
  for (let offset = at; offset < bytes.length; offset += 1) {
    const byte = bytes[offset] ?? 0;
    value |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return [value, offset + 1];
    shift += 7n;
  }
  throw new Error('The ONNX file ends inside a number');
}

export function readMessage(bytes: Uint8Array): WireField[] {
  const fields: WireField[] = [];
  let at = 0;
  while (at < bytes.length) {
    const [key, afterKey] = readVarint(bytes, at);
    const field = Number(key >> 3n);
    const wireType = Number(key & 7n);
    if (wireType === 0) {
      const [value, next] = readVarint(bytes, afterKey);
      fields.push({ field, wireType, value });
      at = next;
    } else if (wireType === 2) {
      const [length, start] = readVarint(bytes, afterKey);
      const end = start + Number(length);
      if (end > bytes.length) throw new Error('The ONNX file ends inside a field');
      fields.push({ field, wireType, value: bytes.subarray(start, end) });
      at = end;
    } else if (wireType === 1 || wireType === 5) {
      const end = afterKey + (wireType === 1 ? 8 : 4);
      if (end > bytes.length) throw new Error('The ONNX file ends inside a field');
      fields.push({ field, wireType, value: bytes.subarray(afterKey, end) });
      at = end;
    } else {
      throw new Error(`Unsupported protobuf wire type ${String(wireType)} in the ONNX file`);
    }
  }
  return fields;
}

function varintBytes(input: bigint): number[] {
  let value = BigInt.asUintN(64, input);
  const out: number[] = [];
  do {
    const low = Number(value & 0x7fn);
    value >>= 7n;
    out.push(value === 0n ? low : low | 0x80);
  } while (value !== 0n);
  return out;
}

export function writeMessage(fields: readonly WireField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let size = 0;
  const push = (part: Uint8Array): void => {
    parts.push(part);
    size += part.length;
  };
  for (const { field, wireType, value } of fields) {
    push(Uint8Array.from(varintBytes(BigInt(field * 8 + wireType))));
    if (typeof value === 'bigint') push(Uint8Array.from(varintBytes(value)));
    else {
      if (wireType === 2) push(Uint8Array.from(varintBytes(BigInt(value.length))));
      push(value);
    }
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export const stringOf = (value: WireField['value']): string => (typeof value === 'bigint' ? '' : decoder.decode(value));
export const stringField = (field: number, text: string): WireField => ({
  field,
  wireType: 2,
  value: encoder.encode(text),
});
export const messageField = (field: number, fields: readonly WireField[]): WireField => ({
  field,
  wireType: 2,
  value: writeMessage(fields),
});
export const varintField = (field: number, value: number): WireField => ({ field, wireType: 0, value: BigInt(value) });

/** A repeated varint field, packed or not (proto3 writers pack; older ones do not). */
export function varintsOf(fields: readonly WireField[], field: number): bigint[] {
  const values: bigint[] = [];
  for (const entry of fields) {
    if (entry.field !== field) continue;
    if (typeof entry.value === 'bigint') values.push(entry.value);
    else {
      for (let at = 0; at < entry.value.length;) {
        const [value, next] = readVarint(entry.value, at);
        values.push(value);
        at = next;
      }
    }
  }
  return values;
}
