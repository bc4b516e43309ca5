import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedFixturePath } from '@wgllm/gguf/testing';
import { describe, expect, it } from 'vitest';
import { collectIo } from '../testing/collect-io.ts';
import { runCommand } from './run.ts';

// The GPU path needs an adapter environment; it is covered by packages/runtime's gpu-runner test and by hand.
describe('wgllm run --cpu', () => {
  it('--json prints the prompt and generated ids llama.cpp prints', async () => {
    const reference = JSON.parse(
      readFileSync(sharedFixturePath('models/reference/llamacpp-cpu-reference.json'), 'utf8'),
    );
    const expected = reference.models['stories260K.gguf'].greedy[2];
    const io = collectIo();
    const args = [
      sharedFixturePath('models/stories260K.gguf'),
      '-p',
      expected.prompt,
      '-n',
      '32',
      '--temp',
      '0',
    ];
    expect(await runCommand.run([...args, '--json', '--cpu'], io)).toBe(0);
    const report = JSON.parse(io.stdout);
    expect(report.promptIds).toEqual(expected.prompt_token_ids);
    expect(report.generatedIds).toEqual(expected.generated_token_ids);
    expect(report.finishReason).toBe('length');
    expect(report.timing.decodeTokensPerSecond).toBeGreaterThan(0);
  });

  it('streams text (the first word keeps its leading space) and stops at a stop string', async () => {
    const io = collectIo();
    const args = [sharedFixturePath('models/stories260K.gguf'), '-p', 'One day, Timmy went to', '-n', '32'];
    expect(await runCommand.run([...args, '--temp', '0', '--cpu', '--stop', 'mom'], io)).toBe(0);
    expect(io.stdout).toBe(' the park with his \n');
  });

  it('refuses a missing prompt', async () => {
    const io = collectIo();
    expect(await runCommand.run([sharedFixturePath('models/stories260K.gguf')], io)).toBe(1);
    expect(io.stderr).toMatch(/usage: wgllm run/);
  });
});

describe('wgllm run --json-schema / --grammar', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wgllm-run-'));
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };
  const model = sharedFixturePath('models/stories260K.gguf');
  const args = ['-p', 'Once upon a time', '-n', '120', '--cpu'];

  it('holds a story model to a JSON schema, greedy and sampled', async () => {
    const schema = {
      type: 'object',
      properties: {
        name: { type: 'string', maxLength: 8 },
        age: { type: 'integer', minimum: 1, maximum: 9 },
      },
      required: ['name', 'age'],
      additionalProperties: false,
    };
    const schemaFile = file('schema.json', JSON.stringify(schema));
    for (const sampling of [
      ['--temp', '0'],
      ['--temp', '1', '--seed', '3'],
    ]) {
      const io = collectIo();
      expect(
        await runCommand.run([model, ...args, ...sampling, '--json-schema', schemaFile, '--json'], io),
      ).toBe(0);
      const report = JSON.parse(io.stdout);
      expect(report.finishReason).toBe('stop');
      const value = JSON.parse(report.text);
      expect(Object.keys(value)).toEqual(['name', 'age']);
      expect(value.name.length).toBeLessThanOrEqual(8);
      expect(value.age).toBeGreaterThanOrEqual(1);
      expect(value.age).toBeLessThanOrEqual(9);
    }
  });

  it('holds it to a GBNF grammar', async () => {
    const io = collectIo();
    const grammar = file('yes-no.gbnf', 'root ::= ("yes" | "no") "!"');
    expect(await runCommand.run([model, ...args, '--temp', '0', '--grammar', grammar], io)).toBe(0);
    expect(io.stdout).toMatch(/^(yes|no)!\n$/);
  });

  it('refuses a schema keyword it would not enforce, a malformed grammar and both flags, naming the flag', async () => {
    const unsupported = file('multiple.json', '{"type": "integer", "multipleOf": 3}');
    await expect(runCommand.run([model, ...args, '--json-schema', unsupported], collectIo())).rejects.toThrow(
      /--json-schema: #\/multipleOf is not supported/,
    );
    const malformed = file('bad.gbnf', 'root ::= "a" | ');
    await expect(runCommand.run([model, ...args, '--grammar', malformed], collectIo())).rejects.toThrow(
      /--grammar: .*malformed GBNF/,
    );
    await expect(
      runCommand.run([model, ...args, '--grammar', malformed, '--json-schema', unsupported], collectIo()),
    ).rejects.toThrow(/one of --json-schema and --grammar/);
  });
});
