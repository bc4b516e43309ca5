// Models kept in IndexedDB, with their size and a delete button.
import type { LocalEngine } from '@wgllm/api';

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export async function showCachedModels(engine: LocalEngine): Promise<void> {
  const list = document.getElementById('cache-list')!;
  const models = await engine.cache.list();
  if (models.length === 0) {
    const empty = document.createElement('li');
    empty.textContent = 'None yet.';
    list.replaceChildren(empty);
    return;
  }
  list.replaceChildren(
    ...models.map((model) => {
      const item = document.createElement('li');
      item.textContent = `${model.key.split('/').pop()} (${megabytes(model.size)})`;
      item.title = model.key;
      const remove = document.createElement('button');
      remove.type = 'button';
      remove.textContent = 'delete';
      remove.addEventListener('click', async () => {
        await engine.cache.delete(model.key);
        await showCachedModels(engine);
      });
      item.append(remove);
      return item;
    }),
  );
}
