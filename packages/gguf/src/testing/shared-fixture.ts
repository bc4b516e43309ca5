// Test-only: fixtures live in the repo's sibling folder `shared/` (read-only, never downloaded).

const sharedRoot = new URL('../../../../../shared/', import.meta.url);

/** Absolute filesystem path of `relative` (e.g. "models/stories260K.gguf") inside shared/. */
export function sharedFixturePath(relative: string): string {
  return decodeURIComponent(new URL(relative, sharedRoot).pathname);
}
