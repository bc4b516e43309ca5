import { LOWERCASE, NFD_RANGES, RANGES_FLAGS, WHITESPACE } from './unicode-data.generated.ts';

// Codepoint classes exactly as llama.cpp's unicode.cpp computes them (unicode_cpt_flags).
export const FLAG_UNDEFINED = 0x0001;
export const FLAG_NUMBER = 0x0002;
export const FLAG_LETTER = 0x0004;
export const FLAG_ACCENT_MARK = 0x0010;
export const FLAG_PUNCTUATION = 0x0020;
export const FLAG_SYMBOL = 0x0040;
export const FLAG_CONTROL = 0x0080;
export const MASK_CATEGORIES = 0x00ff;
export const FLAG_WHITESPACE = 0x0100;

const MAX_CODEPOINTS = 0x110000;

/** Decodes a generated table: base-36 cells, the first of each row delta-coded. */
function decodeRows(encoded: string): number[][] {
  let previous = 0;
  return encoded.split(',').map((row) => {
    const cells = row.split(':').map((cell) => Number.parseInt(cell, 36));
    previous += cells[0]!;
    cells[0] = previous;
    return cells;
  });
}

let flagsTable: Uint16Array | undefined;

function buildFlags(): Uint16Array {
  const table = new Uint16Array(MAX_CODEPOINTS);
  const ranges = decodeRows(RANGES_FLAGS);
  for (let i = 0; i + 1 < ranges.length; i++) {
    const [start, flags] = ranges[i]!;
    table.fill(flags!, start!, ranges[i + 1]![0]!);
  }
  for (const [cpt] of decodeRows(WHITESPACE)) table[cpt!]! |= FLAG_WHITESPACE;
  return table;
}

/** llama.cpp's flags for a codepoint; codepoints past U+10FFFF are UNDEFINED. */
export function codepointFlags(cpt: number): number {
  flagsTable ??= buildFlags();
  return cpt < MAX_CODEPOINTS ? flagsTable[cpt]! : FLAG_UNDEFINED;
}

let lowercaseMap: Map<number, number> | undefined;

export function toLowerCodepoint(cpt: number): number {
  lowercaseMap ??= new Map(decodeRows(LOWERCASE).map(([from, to]) => [from!, to!]));
  return lowercaseMap.get(cpt) ?? cpt;
}

let nfdRanges: number[][] | undefined;

/** Single-codepoint NFD as llama.cpp does it (unicode_cpts_normalize_nfd): the base character only. */
export function nfdCodepoint(cpt: number): number {
  nfdRanges ??= decodeRows(NFD_RANGES);
  let lo = 0;
  let hi = nfdRanges.length - 1;
  // Last range whose first codepoint is <= cpt.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (nfdRanges[mid]![0]! <= cpt) lo = mid;
    else hi = mid - 1;
  }
  const [first, last, nfd] = nfdRanges[lo]!;
  return first! <= cpt && cpt <= last! ? nfd! : cpt;
}
