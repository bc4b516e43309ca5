// What a model family is to the runtime: how its GGUF metadata becomes a typed config, and its graph.
import type { ModelGraph } from '../graph/graph.ts';
import type { ModelConfig, ModelSource } from '../model/config.ts';

export interface Family<C extends ModelConfig = ModelConfig> {
  /** The GGUF `general.architecture` value. */
  architecture: string;
  /** Reads the hyper-parameters once; throws UnsupportedModelError for a key or variant it cannot run. */
  readConfig(source: ModelSource): C;
  buildGraph(config: C, options: GraphOptions): ModelGraph;
}

/** What a graph may depend on beyond the file: the KV cache length (LongRoPE picks its factors by it). */
export interface GraphOptions {
  /** KV cache length (tokens). */
  contextLength: number;
}

/** Keeps the family's config type between its two functions while the registry holds families of any config. */
export function family<C extends ModelConfig>(f: Family<C>): Family {
  return f as unknown as Family;
}
