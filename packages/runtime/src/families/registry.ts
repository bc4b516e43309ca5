// The families this runtime runs, found by GGUF `general.architecture`. Adding one: its file here and a line.
import { UnsupportedModelError } from '../errors.ts';
import type { ModelGraph } from '../graph/graph.ts';
import { defaultContextLength, type ModelConfig, type ModelSource } from '../model/config.ts';
import type { Family } from './family.ts';
import { gemma2 } from './gemma2.ts';
import { gemma3 } from './gemma3.ts';
import { granite } from './granite.ts';
import { lfm2 } from './lfm2.ts';
import { llama } from './llama.ts';
import { olmo2 } from './olmo2.ts';
import { phi3 } from './phi3.ts';
import { qwen2 } from './qwen2.ts';
import { qwen3 } from './qwen3.ts';
import { smollm3 } from './smollm3.ts';

const families: readonly Family[] = [
  llama,
  qwen2,
  qwen3,
  smollm3,
  gemma2,
  gemma3,
  olmo2,
  granite,
  phi3,
  lfm2,
];

export const supportedArchitectures: readonly string[] = families.map((f) => f.architecture);

function familyOf(architecture: unknown): Family {
  const key = 'general.architecture';
  if (typeof architecture !== 'string')
    throw new UnsupportedModelError(`GGUF metadata key ${key} is missing`, key);
  const found = families.find((f) => f.architecture === architecture);
  if (!found) {
    throw new UnsupportedModelError(
      `architecture "${architecture}" is not supported (supported: ${supportedArchitectures.join(', ')})`,
      architecture,
    );
  }
  return found;
}

export function readModelConfig(source: ModelSource): ModelConfig {
  return familyOf(source.metadata.get('general.architecture')).readConfig(source);
}

/**
 * The model's hyper-parameters and its forward graph for a KV cache of `contextLength` tokens (default: the
 * trained length, at most 4096), from the GGUF header alone.
 */
export function readModelDefinition(
  source: ModelSource,
  contextLength?: number,
): { config: ModelConfig; graph: ModelGraph; contextLength: number } {
  const f = familyOf(source.metadata.get('general.architecture'));
  const config = f.readConfig(source);
  const length = contextLength ?? defaultContextLength(config);
  return { config, graph: f.buildGraph(config, { contextLength: length }), contextLength: length };
}
