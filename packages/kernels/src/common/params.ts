// A uniform params struct declared once in TS: field order and types here must match the WGSL `struct`
// named `structName` (checked by params.test.ts against the WGSL source). Only 4-byte scalars, so
// field i sits at byte 4 * i in both languages.

export type ScalarType = 'u32' | 'i32' | 'f32';

export interface ParamsLayout<Field extends string> {
  structName: string;
  fields: readonly (readonly [Field, ScalarType])[];
  /** Bytes to allocate for one struct (rounded up to 16, the uniform buffer granularity). */
  byteSize: number;
  /** Packs values into the struct's bytes: into `bytes` when given (params rewritten per token reuse one). */
  pack(values: Readonly<Record<Field, number>>, bytes?: ArrayBuffer): ArrayBuffer;
}

export function defineParams<Field extends string>(
  structName: string,
  fields: readonly (readonly [Field, ScalarType])[],
): ParamsLayout<Field> {
  const byteSize = Math.ceil((fields.length * 4) / 16) * 16;
  return {
    structName,
    fields,
    byteSize,
    pack(values, bytes = new ArrayBuffer(byteSize)) {
      const view = new DataView(bytes);
      fields.forEach(([name, type], i) => {
        const value = values[name];
        if (type === 'f32') view.setFloat32(i * 4, value, true);
        else if (type === 'i32') view.setInt32(i * 4, value, true);
        else {
          if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
            throw new Error(`${structName}.${name} must be a u32, got ${value}`);
          }
          view.setUint32(i * 4, value, true);
        }
      });
      return bytes;
    },
  };
}

/** Creates a uniform buffer holding `values` (written once, at prepare time). */
export function createParamsBuffer<Field extends string>(
  device: GPUDevice,
  layout: ParamsLayout<Field>,
  values: Readonly<Record<Field, number>>,
): GPUBuffer {
  const buffer = device.createBuffer({
    label: layout.structName,
    size: layout.byteSize,
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
  });
  device.queue.writeBuffer(buffer, 0, layout.pack(values));
  return buffer;
}

/** The (name, type) list of `struct <structName>` in WGSL source, for the layout test. */
export function wgslStructFields(source: string, structName: string): [string, string][] {
  const match = new RegExp(`struct\\s+${structName}\\s*\\{([^}]*)\\}`).exec(source);
  if (!match) throw new Error(`struct ${structName} not found`);
  const body = (match[1] ?? '').replace(/\/\/[^\n]*/g, '');
  return body
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name, type] = part.split(':').map((s) => s.trim());
      return [name ?? '', type ?? ''];
    });
}
