import { bufferSource } from '@wgllm/gguf';
import { loadCpuReferenceModel } from '@wgllm/runtime';
import { describe, expect, it } from 'vitest';
import { measureBase } from './run-quality-comparison.ts';
import { runnerQualityModel } from './runner-quality-model.ts';
import { cpuModel, readModel, shortText } from './test-fixtures.ts';

describe('runnerQualityModel (the engine backend interface)', () => {
  it("scores like the direct CPU model on the runtime's CPU runner", async () => {
    const file = readModel('stories260K.gguf');
    const loaded = await loadCpuReferenceModel(bufferSource(file), { contextLength: 64 });
    const viaRunner = await measureBase(runnerQualityModel('runner', loaded, 4), shortText, 64, 1);
    const direct = await measureBase(cpuModel(file, 64), shortText, 64, 1);
    expect(viaRunner.row.kvBytesPerToken).toBe(2 * direct.row.kvBytesPerToken);
    expect(viaRunner.row.scoredTokens).toBe(direct.row.scoredTokens);
    // The runner's cache is f32 where the direct model rounds keys and values to f16 as llama.cpp does.
    expect(Math.abs(viaRunner.row.perplexity / direct.row.perplexity - 1)).toBeLessThan(1e-3);
  });
});
