import { describe, expect, it } from 'vitest';

import {
  messageField,
  readMessage,
  stringField,
  stringOf,
  varintField,
  varintsOf,
  writeMessage,
} from '../../../../electron/core/models/onnx-wire.js';

describe('protobuf wire codec (ONNX files edited without their schema)', () => {
  it('writes back what it read, byte for byte, including fields it does not know', () => {
    const fixed32 = { field: 9, wireType: 5, value: Uint8Array.from([1, 2, 3, 4]) };
    const fixed64 = { field: 10, wireType: 1, value: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]) };
    const bytes = writeMessage([
      stringField(1, 'MatMul'),
      varintField(2, 300),
      { field: 3, wireType: 0, value: -1n },
      messageField(4, [stringField(1, 'inner')]),
      fixed32,
      fixed64,
    ]);
    const fields = readMessage(bytes);
    expect(writeMessage(fields)).toEqual(bytes);
    expect(stringOf(fields[0]?.value ?? 0n)).toBe('MatMul');
    expect(fields[1]?.value).toBe(300n);
    expect(BigInt.asIntN(64, fields[2]?.value as bigint)).toBe(-1n);
    expect(stringOf(readMessage(fields[3]?.value as Uint8Array)[0]?.value ?? 0n)).toBe('inner');
  });

  it('reads repeated numbers packed or one by one', () => {
    const packed = { field: 1, wireType: 2, value: Uint8Array.from([3, 0xac, 0x02, 7]) };
    expect(varintsOf([packed], 1)).toEqual([3n, 300n, 7n]);
    expect(varintsOf(readMessage(writeMessage([varintField(1, 5), varintField(1, 6)])), 1)).toEqual([5n, 6n]);
  });

  it('refuses a truncated file instead of reading past its end', () => {
    const bytes = writeMessage([stringField(1, 'a long enough string')]);
    expect(() => readMessage(bytes.subarray(0, 5))).toThrow(/ends inside/);
  });

  it('refuses a fixed-width number cut short (a float of a TensorProto, an int64 zero point)', () => {
    const fixed32 = Uint8Array.from([(1 << 3) | 5, 0x00, 0x00, 0x80, 0x3f]); // field 1 = 1.0f
    expect(readMessage(fixed32)[0]?.value).toEqual(fixed32.subarray(1));
    expect(() => readMessage(fixed32.subarray(0, 3))).toThrow(/ends inside/);
    const fixed64 = Uint8Array.from([(2 << 3) | 1, 1, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => readMessage(fixed64.subarray(0, 8))).toThrow(/ends inside/);
  });
});
