// Model paths relative to the page, made absolute here: the engine Worker may run from a blob: URL (the
// script-tag build), which nothing can be resolved against. Absolute URLs and Hugging Face paths pass as they are.

/** `owner/repo/file.gguf` or `owner/repo@revision/file.gguf`, as the API reads them. */
const huggingFacePath = /^[\w.-]+\/[\w.-]+(?:@[\w.-]+)?\/[\w./-]+\.gguf$/i;
const hasScheme = /^[a-z][a-z\d+.-]*:/i;

export function absoluteModelUrl(model: string): string {
  if (hasScheme.test(model) || huggingFacePath.test(model)) return model;
  return new URL(model, document.baseURI).href;
}
