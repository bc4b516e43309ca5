// Chat settings as element attributes (kebab-case) and as OpenAI request fields.
import type { SamplingParams } from '@wgllm/api';

export interface ChatSettings {
  temperature: number;
  topP: number;
  /** 0 keeps every token. */
  topK: number;
  minP: number;
  maxTokens: number;
  /** Absent: a fresh random seed per reply. */
  seed?: number;
  /** KV cache length the model is loaded with, tokens; absent: the model's default. */
  contextSize?: number;
}

export const defaultSettings: ChatSettings = {
  temperature: 0.7,
  topP: 0.95,
  topK: 40,
  minP: 0.05,
  maxTokens: 256,
};

/** Attribute name -> settings key; every one is numeric. */
export const settingAttributes = {
  temperature: 'temperature',
  'top-p': 'topP',
  'top-k': 'topK',
  'min-p': 'minP',
  'max-tokens': 'maxTokens',
  seed: 'seed',
  'context-size': 'contextSize',
} as const satisfies Record<string, keyof ChatSettings>;

export type SettingAttribute = keyof typeof settingAttributes;

/** Reads settings from attributes; a missing or non-numeric attribute keeps the default. */
export function settingsFromAttributes(element: Element): ChatSettings {
  const settings: ChatSettings = { ...defaultSettings };
  for (const [attribute, key] of Object.entries(settingAttributes)) {
    const raw = element.getAttribute(attribute);
    if (raw === null || raw.trim() === '') continue;
    const value = Number(raw);
    if (Number.isFinite(value)) settings[key] = value;
  }
  return settings;
}

export function samplingParams(settings: ChatSettings): SamplingParams {
  const params: SamplingParams = {
    temperature: settings.temperature,
    top_p: settings.topP,
    top_k: settings.topK,
    min_p: settings.minP,
    max_tokens: settings.maxTokens,
  };
  if (settings.seed !== undefined) params.seed = settings.seed;
  return params;
}
