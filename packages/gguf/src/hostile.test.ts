import { describe, expect, it } from 'vitest';
import { ByteWriter } from './byte-writer.ts';
import { parseGguf } from './parse.ts';
import { GgmlType } from './quant/ggml-types.ts';
import { catchGguf } from './testing/catch-gguf.ts';
import { GgufValueType } from './value-types.ts';

// Hand-built files with one field wrong each. Every field is written raw so any value can be forged;
// `at` records where named fields land so the error offsets can be checked.

interface RawTensor {
  name: string;
  dims: (number | bigint)[];
  type: number;
  offset: number | bigint;
}

interface RawFile {
  magic?: number;
  version?: number;
  tensorCount?: bigint;
  kvCount?: bigint;
  kvs?: ((w: ByteWriter) => void)[];
  tensors?: RawTensor[];
  dataBytes?: number;
}

function build(spec: RawFile): { bytes: Uint8Array; at: Map<string, number> } {
  const w = new ByteWriter();
  const at = new Map<string, number>();
  const tensors = spec.tensors ?? [{ name: 'a', dims: [8, 2], type: GgmlType.F32, offset: 0 }];
  const kvs = spec.kvs ?? [(k) => stringKv(k, 'general.architecture', 'llama')];
  w.u32(spec.magic ?? 0x46554747);
  at.set('version', w.length);
  w.u32(spec.version ?? 3);
  at.set('tensorCount', w.length);
  w.u64(spec.tensorCount ?? BigInt(tensors.length));
  at.set('kvCount', w.length);
  w.u64(spec.kvCount ?? BigInt(kvs.length));
  kvs.forEach((kv, i) => {
    at.set(`kv${i}`, w.length);
    kv(w);
  });
  tensors.forEach((t, i) => {
    at.set(`tensor${i}`, w.length);
    w.string(t.name);
    at.set(`tensor${i}.dims`, w.length);
    w.u32(t.dims.length);
    for (const d of t.dims) w.u64(d);
    at.set(`tensor${i}.type`, w.length);
    w.u32(t.type);
    at.set(`tensor${i}.offset`, w.length);
    w.u64(t.offset);
  });
  w.pad(32);
  w.raw(new Uint8Array(spec.dataBytes ?? 64));
  return { bytes: w.result(), at };
}

function stringKv(w: ByteWriter, key: string, value: string): void {
  w.string(key);
  w.u32(GgufValueType.STRING);
  w.string(value);
}

function u32Kv(w: ByteWriter, key: string, value: number, type = GgufValueType.UINT32): void {
  w.string(key);
  w.u32(type);
  w.u32(value);
}

const expectError = (bytes: Uint8Array, code: string, offset?: number) => {
  const error = catchGguf(() => parseGguf(bytes));
  expect(error.code).toBe(code);
  if (offset !== undefined) expect(error.offset).toBe(offset);
};

describe('parseGguf refuses hostile input with GgufError', () => {
  it('accepts the well-formed base file', () => {
    const header = parseGguf(build({}).bytes);
    expect(header.tensors[0]).toMatchObject({ name: 'a', shape: [8, 2], byteLength: 64 });
  });

  it('truncated: every proper prefix of a file', () => {
    const { bytes } = build({});
    // A cut file can also show a count or length larger than what is left: that is refused as such.
    for (let n = 0; n < bytes.length; n++) {
      expect(catchGguf(() => parseGguf(bytes.subarray(0, n))).code).toMatch(
        /^(truncated|out-of-range|bad-count|bad-string)$/,
      );
    }
    expectError(bytes.subarray(0, 10), 'truncated', 8);
  });

  it('bad-magic, unsupported versions, big-endian', () => {
    expectError(build({ magic: 0x4c4d4747 }).bytes, 'bad-magic', 0);
    expectError(build({ version: 1 }).bytes, 'unsupported-version', 4);
    expectError(build({ version: 0 }).bytes, 'unsupported-version', 4);
    expectError(build({ version: 4 }).bytes, 'unsupported-version', 4);
    expectError(build({ version: 0x03000000 }).bytes, 'big-endian', 4);
  });

  it('bad-count: absurd tensor, key and array counts, before allocating', () => {
    const { bytes, at } = build({ tensorCount: 1n << 62n });
    expectError(bytes, 'bad-count', at.get('tensorCount'));
    expectError(build({ kvCount: 0xffff_ffff_ffffn }).bytes, 'bad-count', at.get('kvCount'));
    const arrayKv = (w: ByteWriter) => {
      w.string('big');
      w.u32(GgufValueType.ARRAY);
      w.u32(GgufValueType.UINT64);
      w.u64(1n << 40n);
    };
    expectError(build({ kvs: [arrayKv] }).bytes, 'bad-count');
    // A count that fits in the file's bytes but not in what is left after the header is truncation.
    const stringArray = (w: ByteWriter) => {
      w.string('strings');
      w.u32(GgufValueType.ARRAY);
      w.u32(GgufValueType.STRING);
      w.u64(20n); // 20 * 8 bytes fit in the file, but the strings read as garbage lengths
    };
    expect(['bad-string', 'truncated', 'bad-count']).toContain(
      catchGguf(() => parseGguf(build({ kvs: [stringArray] }).bytes)).code,
    );
  });

  it('bad-string: a string length past the end of the file', () => {
    const kv = (w: ByteWriter) => {
      w.string('k');
      w.u32(GgufValueType.STRING);
      w.u64(1n << 50n);
    };
    const { bytes, at } = build({ kvs: [kv] });
    expectError(bytes, 'bad-string', at.get('kv0')! + 8 + 1 + 4);
  });

  it('bad-type: unknown value type, unknown array item type, unknown ggml type', () => {
    const unknownValue = (w: ByteWriter) => {
      w.string('k');
      w.u32(13);
    };
    expectError(build({ kvs: [unknownValue] }).bytes, 'bad-type');
    const unknownItem = (w: ByteWriter) => {
      w.string('k');
      w.u32(GgufValueType.ARRAY);
      w.u32(99);
      w.u64(0n);
    };
    expectError(build({ kvs: [unknownItem] }).bytes, 'bad-type');
    const { bytes, at } = build({ tensors: [{ name: 'a', dims: [8], type: 31, offset: 0 }] });
    expectError(bytes, 'bad-type', at.get('tensor0.type'));
  });

  it('too-deep: arrays nested past the limit', () => {
    const nested = (w: ByteWriter) => {
      w.string('k');
      w.u32(GgufValueType.ARRAY);
      for (let i = 0; i < 10; i++) {
        w.u32(GgufValueType.ARRAY);
        w.u64(1n);
      }
    };
    expectError(build({ kvs: [nested], dataBytes: 512 }).bytes, 'too-deep');
  });

  it('duplicate-key and duplicate-tensor', () => {
    const kv = (w: ByteWriter) => stringKv(w, 'general.name', 'x');
    const dupKeys = build({ kvs: [kv, kv] });
    expectError(dupKeys.bytes, 'duplicate-key', dupKeys.at.get('kv1'));
    const t = { name: 'a', dims: [8], type: GgmlType.F32, offset: 0 };
    const dupTensors = build({ tensors: [t, { ...t, offset: 32 }] });
    expectError(dupTensors.bytes, 'duplicate-tensor', dupTensors.at.get('tensor1'));
  });

  it('bad-alignment: general.alignment not a u32 power of two', () => {
    const b = build({ kvs: [(w) => u32Kv(w, 'general.alignment', 48)] });
    expectError(b.bytes, 'bad-alignment', b.at.get('kv0'));
    expectError(build({ kvs: [(w) => u32Kv(w, 'general.alignment', 0)] }).bytes, 'bad-alignment');
    expectError(
      build({ kvs: [(w) => u32Kv(w, 'general.alignment', 32, GgufValueType.INT32)] }).bytes,
      'bad-alignment',
    );
    const header = parseGguf(
      build({ kvs: [(w) => u32Kv(w, 'general.alignment', 64)], dataBytes: 128 }).bytes,
    );
    expect(header.alignment).toBe(64);
    expect(header.dataOffset % 64).toBe(0);
  });

  it('bad-tensor: n_dims > 4, absurd dims, partial blocks, misaligned offset, long name', () => {
    const one = (t: Partial<RawTensor>) =>
      build({ tensors: [{ name: 'a', dims: [8], type: GgmlType.F32, offset: 0, ...t }] });
    let b = one({ dims: [1, 1, 1, 1, 1] });
    expectError(b.bytes, 'bad-tensor', b.at.get('tensor0.dims'));
    b = one({ dims: [1n << 30n, 1n << 30n] }); // each fine, the product past 2^53
    expectError(b.bytes, 'bad-tensor', b.at.get('tensor0.dims')! + 4 + 8);
    b = one({ dims: [1n << 63n] });
    expectError(b.bytes, 'bad-tensor', b.at.get('tensor0.dims')! + 4);
    b = one({ dims: [48], type: GgmlType.Q8_0 });
    expectError(b.bytes, 'bad-tensor', b.at.get('tensor0.type'));
    b = one({ offset: 4 });
    expectError(b.bytes, 'bad-tensor', b.at.get('tensor0.offset'));
    expectError(one({ name: 'x'.repeat(64) }).bytes, 'bad-tensor');
  });

  it('out-of-range: tensor data past the end of the file, or an offset past 2^53', () => {
    let b = build({ tensors: [{ name: 'a', dims: [8, 4], type: GgmlType.F32, offset: 0 }], dataBytes: 64 });
    expectError(b.bytes, 'out-of-range', b.at.get('tensor0.offset'));
    b = build({ tensors: [{ name: 'a', dims: [8], type: GgmlType.F32, offset: 1n << 60n }] });
    expectError(b.bytes, 'out-of-range', b.at.get('tensor0.offset'));
  });

  it('overlap: two tensors sharing bytes', () => {
    const b = build({
      tensors: [
        { name: 'a', dims: [16], type: GgmlType.F32, offset: 0 },
        { name: 'b', dims: [8], type: GgmlType.F32, offset: 32 },
      ],
      dataBytes: 128,
    });
    expectError(b.bytes, 'overlap', b.at.get('tensor1.offset'));
  });
});
