// A model from a URL / Hugging Face path (the element loads its `model` attribute), a file button, or a drop.
import type { WgllmChatElement } from '@wgllm/embed';

export function bindModelPicker(chat: WgllmChatElement): void {
  const form = document.getElementById('model-form') as HTMLFormElement;
  const input = document.getElementById('model-input') as HTMLInputElement;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const source = input.value.trim();
    if (source) chat.setAttribute('model', source);
  });

  const fileInput = document.getElementById('file-input') as HTMLInputElement;
  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) void chat.loadModel(file);
  });

  const dropZone = document.getElementById('drop-zone')!;
  dropZone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropZone.classList.add('over');
  });
  dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
  dropZone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropZone.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) void chat.loadModel(file);
  });
}
