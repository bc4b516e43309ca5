import { readFileSync } from 'node:fs';
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
