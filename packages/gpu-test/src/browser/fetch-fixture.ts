// Browser side of GpuTestContext.fixture: files of shared/models fetched from the runner's server (see
// shared-models-plugin.ts). Works in the page and in the Worker alike.
import { checkFixturePath, FIXTURE_ROUTE } from '../fixture-path.ts';

export async function fetchFixture(path: string): Promise<Uint8Array> {
  const response = await fetch(`${FIXTURE_ROUTE}${checkFixturePath(path)}`);
  if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}
