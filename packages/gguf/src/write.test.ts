import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseGguf } from './parse.ts';
import { GgmlType } from './quant/ggml-types.ts';
import { tensorData } from './tensor-data.ts';
import { catchGguf } from './testing/catch-gguf.ts';
import { sharedFixturePath } from './testing/shared-fixture.ts';
import { GgufValueType } from './value-types.ts';
import { typedMetadata, writeGguf, writeGgufChunks } from './write.ts';
import { type GgufMetadataInput, ggufValue } from './write-value.ts';

function rewrite(file: Uint8Array): Uint8Array {
  const header = parseGguf(file);
  const tensors = header.tensors.map((t) => ({ ...t, data: tensorData(header, file, t) }));
  return writeGguf({ metadata: typedMetadata(header), tensors });
}

const f32Tensor = (name: string, values: number[], shape = [values.length]) => ({
  name,
  type: GgmlType.F32,
  shape,
  data: new Uint8Array(new Float32Array(values).buffer),
});

describe('writeGguf', () => {
  it.each([
    'models/stories260K.gguf',
    'models/TinyStories-656K-Q8_0.gguf',
    'models/TinyStories-656K-Q2_K.gguf',
    'models/llama-2-tiny-random.gguf',
    'vocab/ggml-vocab-gpt-2.gguf',
  ])('parse(write(parse(%s))) equals parse, and the bytes are identical', (relative) => {
    const file = new Uint8Array(readFileSync(sharedFixturePath(relative)));
    const written = rewrite(file);
    expect(parseGguf(written)).toEqual(parseGguf(file));
    expect(Buffer.compare(written, file)).toBe(0);
  });

  it('round-trips every value type, nested arrays included', () => {
    const metadata: Record<string, GgufMetadataInput> = {
      u8: ggufValue.u8(255),
      i8: ggufValue.i8(-128),
      u16: ggufValue.u16(65535),
      i16: ggufValue.i16(-32768),
      u32: ggufValue.u32(0xffff_ffff),
      i32: ggufValue.i32(-0x8000_0000),
      f32: ggufValue.f32(0.5),
      u64: ggufValue.u64(0xffff_ffff_ffff_ffffn),
      i64: ggufValue.i64(-(1n << 63n)),
      f64: ggufValue.f64(Math.PI),
      bool: true,
      string: 'héllo ▁world',
      empty: '',
      u8s: new Uint8Array([1, 2]),
      i8s: new Int8Array([-1]),
      u16s: new Uint16Array([7]),
      i16s: new Int16Array([-7]),
      u32s: new Uint32Array([1, 2, 3]),
      i32s: new Int32Array([-3]),
      f32s: new Float32Array([1.5, -2]),
      u64s: new BigUint64Array([1n << 63n]),
      i64s: new BigInt64Array([-1n]),
      f64s: new Float64Array([1e300]),
      bools: [true, false],
      strings: ['a', '', 'ü'],
      nested: [new Int32Array([1, 2]), ['x'], [[true]]],
      emptyU32s: new Uint32Array(0),
    };
    const header = parseGguf(writeGguf({ metadata, tensors: [f32Tensor('t', [1, 2, 3, 4], [2, 2])] }));
    for (const [key, input] of Object.entries(metadata)) {
      const expected = typeof input === 'object' && 'value' in input ? input.value : input;
      expect(header.metadata.get(key), key).toEqual(expected);
    }
    expect(header.metadataTypes.get('u16')).toEqual({ type: GgufValueType.UINT16 });
    expect(header.metadataTypes.get('nested')).toEqual({
      type: GgufValueType.ARRAY,
      itemType: GgufValueType.ARRAY,
    });
  });

  it('pads each tensor to the alignment and records a non-default one', () => {
    const input = { metadata: {}, tensors: [f32Tensor('a', [1, 2, 3]), f32Tensor('b', [4])] };
    const file = writeGguf(input, 64);
    const header = parseGguf(file);
    expect(header.alignment).toBe(64);
    expect(header.metadata.get('general.alignment')).toBe(64);
    expect(header.tensors.map((t) => t.offset)).toEqual([0, 64]);
    expect(file.length).toBe(header.dataOffset + 128);
    expect(new Float32Array(tensorData(header, file, header.tensors[1]!).slice().buffer)).toEqual(
      new Float32Array([4]),
    );
    const chunks = [...writeGgufChunks(input, 64)];
    expect(chunks.reduce((n, c) => n + c.length, 0)).toBe(file.length);
  });

  it('refuses what it cannot write faithfully', () => {
    const write = (metadata: Record<string, GgufMetadataInput>, tensors = [f32Tensor('a', [1])]) =>
      catchGguf(() => writeGguf({ metadata, tensors }));
    expect(write({ n: 5 as unknown as GgufMetadataInput }).code).toBe('bad-value');
    expect(write({ n: ggufValue.u8(256) }).code).toBe('bad-value');
    expect(write({ n: ggufValue.i32(1.5) }).code).toBe('bad-value');
    expect(write({ n: ggufValue.u64(-1n) }).code).toBe('bad-value');
    expect(
      write({ n: { type: GgufValueType.ARRAY, itemType: GgufValueType.INT32, value: new Uint32Array(1) } })
        .code,
    ).toBe('bad-value');
    expect(write({}, [f32Tensor('a', [1]), f32Tensor('a', [2])]).code).toBe('duplicate-tensor');
    expect(write({}, [{ ...f32Tensor('a', [1, 2]), shape: [3] }]).code).toBe('bad-tensor');
    expect(write({}, [{ ...f32Tensor('a', [1]), shape: [1, 1, 1, 1, 1] }]).code).toBe('bad-tensor');
    expect(write({}, [f32Tensor('x'.repeat(64), [1])]).code).toBe('bad-tensor');
    expect(catchGguf(() => writeGguf({ metadata: {}, tensors: [] }, 48)).code).toBe('bad-alignment');
  });
});
