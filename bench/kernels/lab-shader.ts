// Kernel versions kept in the lab are WGSL files next to their op (bench/kernels/<op>/vN.wgsl). They may
// `#include` the runtime's snippets (shaders/_*.wgsl) or a lab file of the same folder, expanded here once
// per output, as scripts/gen-shaders.mjs does for shaders/.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const shaderDir = join(dirname(fileURLToPath(import.meta.url)), '../../shaders');

/** The WGSL of `file` (a path) with its includes expanded. */
export function labShader(file: string, seen = new Set<string>()): string {
  if (seen.has(file)) return '';
  seen.add(file);
  return readFileSync(file, 'utf8').replace(/^#include "([^"]+)"\s*$/gm, (_, name: string) => {
    const local = join(dirname(file), name);
    return labShader(existsSync(local) ? local : join(shaderDir, name), seen);
  });
}

/** `labShader` of a file named relative to a module (pass `import.meta.url`). */
export function labShaderAt(moduleUrl: string, name: string): string {
  return labShader(join(dirname(fileURLToPath(moduleUrl)), name));
}
