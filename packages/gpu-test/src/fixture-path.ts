// Fixtures a GPU suite may read: files under shared/models (read-only, never downloaded), named by a path
// relative to that folder. Node reads them from disk, the browser runners fetch them from the test server;
// both accept only names this check passes, so no name can reach outside shared/models.

/** URL prefix under which the browser runners' server serves shared/models. */
export const FIXTURE_ROUTE = '/shared-models/';

const segment = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** Returns `path` when it names a file inside shared/models (plain segments, no `..`, no leading `/`). */
export function checkFixturePath(path: string): string {
  if (!path.split('/').every((part) => segment.test(part))) {
    throw new Error(`fixture path "${path}" must be relative to shared/models and made of plain names`);
  }
  return path;
}
