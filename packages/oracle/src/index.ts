export {
  type GgmlBlockTypeName,
  type GgmlReference,
  ggmlBaseLibraryPath,
  loadGgmlReference,
} from './ggml.ts';
