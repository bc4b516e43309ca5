// An engine Worker whose IndexedDB cache fails with QuotaExceededError after two values: loads must still
// work, uncached. Small chunks so the 1.2 MB model needs more than two.
import { exposeEngine, idbStore } from '@wgllm/api';
import { quotaLimitedStore } from '@wgllm/api/testing';

exposeEngine({
  cache: quotaLimitedStore(idbStore('wgllm-quota-test'), 2),
  chunkBytes: 256 * 1024,
  backend: 'cpu',
});
