// Variant substitution at pipeline creation: the WGSL files keep one body, and each variant gets a header of
// `enable` directives, `alias` types and `const` values prepended.

export interface ShaderVariant {
  /** `enable` directives, e.g. ['f16', 'subgroups']. */
  enables?: readonly string[];
  /** Type aliases, e.g. { kv_t: 'f16' }. */
  aliases?: Readonly<Record<string, string>>;
  /** u32 constants, e.g. { TILE_M: 8 }. */
  constants?: Readonly<Record<string, number>>;
  /** Whole-word textual replacements, for names that WGSL cannot alias (functions). */
  replace?: Readonly<Record<string, string>>;
  /** Flags for `#if NAME` / `#else` / `#endif` line blocks (code behind `enable subgroups`, for instance). */
  flags?: Readonly<Record<string, boolean>>;
}

export function shaderSource(body: string, variant: ShaderVariant): string {
  const lines: string[] = [];
  for (const name of variant.enables ?? []) lines.push(`enable ${name};`);
  for (const [name, type] of Object.entries(variant.aliases ?? {})) lines.push(`alias ${name} = ${type};`);
  for (const [name, value] of Object.entries(variant.constants ?? {})) {
    if (!Number.isInteger(value) || value < 0)
      throw new Error(`shader constant ${name} must be a u32, got ${value}`);
    lines.push(`const ${name}: u32 = ${value}u;`);
  }
  let code = selectBlocks(body, variant.flags ?? {});
  for (const [from, to] of Object.entries(variant.replace ?? {}))
    code = code.replace(new RegExp(`\\b${from}\\b`, 'g'), to);
  return `${lines.join('\n')}\n${code}`;
}

/** Keeps the lines of `#if`/`#else`/`#endif` blocks whose flag is set (nesting allowed). */
function selectBlocks(body: string, flags: Readonly<Record<string, boolean>>): string {
  const out: string[] = [];
  const stack: { keep: boolean }[] = [];
  const keeping = () => stack.every((s) => s.keep);
  for (const line of body.split('\n')) {
    const directive = /^\s*#(if|else|endif)\b\s*(\w*)/.exec(line);
    if (!directive) {
      if (keeping()) out.push(line);
      continue;
    }
    const [, kind, name] = directive;
    if (kind === 'if') {
      if (!name || !(name in flags)) throw new Error(`#if ${name}: flag not given`);
      stack.push({ keep: flags[name] === true });
    } else {
      const top = stack.at(-1);
      if (!top) throw new Error(`#${kind} without #if`);
      if (kind === 'else') top.keep = !top.keep;
      else stack.pop();
    }
  }
  if (stack.length > 0) throw new Error('#if without #endif');
  return out.join('\n');
}
