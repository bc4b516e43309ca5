export {
  type GgmlBlockTypeName,
  type GgmlReference,
  ggmlBaseLibraryPath,
  loadGgmlReference,
} from './ggml.ts';
export {
  cpuLlama,
  type GreedyResult,
  type LlamaRunOptions,
  llamaGreedy,
  llamaTeacherForced,
} from './llama.ts';
