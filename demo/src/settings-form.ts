// Settings live in localStorage and reach the chat element as attributes.
import type { WgllmChatElement } from '@wgllm/embed';

const storageKey = 'wgllm.demo.settings';
const defaults: Record<string, string> = {
  system: '',
  temperature: '0.7',
  'top-p': '0.95',
  'top-k': '40',
  'min-p': '0.05',
  'max-tokens': '200',
  seed: '',
  'context-size': '',
};

function stored(): Record<string, string> {
  try {
    return { ...defaults, ...JSON.parse(localStorage.getItem(storageKey) ?? '{}') };
  } catch {
    return { ...defaults };
  }
}

function apply(chat: WgllmChatElement, settings: Record<string, string>): void {
  for (const [name, value] of Object.entries(settings)) {
    if (value === '') chat.removeAttribute(name);
    else chat.setAttribute(name, value);
  }
}

export function bindSettings(chat: WgllmChatElement): void {
  const form = document.getElementById('settings-form') as HTMLFormElement;
  const settings = stored();
  for (const [name, value] of Object.entries(settings)) {
    const field = form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
    if (field) field.value = value;
  }
  apply(chat, settings);
  form.addEventListener('change', () => {
    const next: Record<string, string> = {};
    for (const name of Object.keys(defaults)) {
      const field = form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
      next[name] = field?.value.trim() ?? '';
    }
    localStorage.setItem(storageKey, JSON.stringify(next));
    apply(chat, next);
  });
}
