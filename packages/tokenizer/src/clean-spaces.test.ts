import { describe, expect, it } from 'vitest';
import { CleanSpaces } from './clean-spaces.ts';

// The streaming transducers against a line-by-line port of llama.cpp's batch passes (in-place on a byte
// buffer, quirks included) on random strings over the characters the passes care about.

function batchClean(input: string): string {
  const text = [...input].map((c) => c.charCodeAt(0));
  const at = (i: number) => String.fromCharCode(text[i]!);
  let total = text.length;
  const total1 = total;
  total = total ? 1 : 0;
  for (let i = 1; i < total1; i++) {
    const x = at(i);
    if (at(i - 1) === ' ' && '?!.,'.includes(x)) total--;
    text[total++] = x.charCodeAt(0);
  }
  const total2 = total;
  total = total ? 1 : 0;
  for (let i = 1; i < total2; i++) {
    const x = at(i);
    if (x === "'" && i + 1 < total2 && at(i - 1) === ' ' && at(i + 1) === ' ') {
      total--;
      text[++i] = 0;
    }
    text[total++] = x.charCodeAt(0);
  }
  const total3 = total;
  total = total ? 1 : 0;
  for (let i = 1; i < total3; i++) {
    const x = at(i);
    if (at(i - 1) === ' ' && x === "'" && i + 1 < total3) {
      const x1 = at(i + 1);
      if (x1 === 's' || x1 === 'm') total--;
      else if (x1 !== 't' && x1 !== 'd' && i + 2 < total3) {
        const x2 = at(i + 2);
        if ((x1 === 'r' || x1 === 'v') && x2 === 'e') total--;
      }
    }
    text[total++] = x.charCodeAt(0);
  }
  return String.fromCharCode(...text.slice(0, total));
}

function streamClean(input: string): string {
  const clean = new CleanSpaces();
  const out: number[] = [];
  for (const c of input) clean.push(c.charCodeAt(0), (b) => out.push(b));
  clean.flush((b) => out.push(b));
  return String.fromCharCode(...out);
}

describe('CleanSpaces', () => {
  it('applies llama.cpp examples', () => {
    expect(streamClean("Hello , world . it 's a ' b 're 'll")).toBe("Hello, world. it's a'b're 'll");
  });

  it('equals the batch passes on random strings', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x80000000;
    };
    const alphabet = " '?.,!smrvetdlx";
    for (let n = 0; n < 20000; n++) {
      const length = Math.floor(random() * 12);
      let s = '';
      for (let i = 0; i < length; i++) s += alphabet[Math.floor(random() * alphabet.length)];
      expect(streamClean(s), JSON.stringify(s)).toBe(batchClean(s));
    }
  });
});
