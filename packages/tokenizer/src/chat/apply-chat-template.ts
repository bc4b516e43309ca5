import { Template } from '@huggingface/jinja';
import { BUILTIN_TEMPLATES, type ChatMessage } from './builtin-templates.ts';
import { detectChatTemplate } from './detect-template.ts';

export interface ChatTemplateOptions {
  /** Prepended as a system message. */
  systemPrompt?: string;
  /** End with the assistant's turn opener so the model answers next. Default true. */
  addGenerationPrompt?: boolean;
  /** A built-in template name ("chatml", "llama3", ...) or Jinja source; overrides the model's template. */
  template?: string;
  /** Tools the model may call (OpenAI's `tools` list), passed to Jinja templates as `tools`. */
  tools?: readonly unknown[];
}

export interface ChatPrompt {
  text: string;
  /** llama.cpp's name for the template in use, or "custom" for a Jinja template it does not recognise. */
  templateName: string;
  /** Whether the text came from rendering Jinja or from llama.cpp's built-in format. */
  renderer: 'jinja' | 'builtin';
}

export interface ChatTemplateContext {
  /** tokenizer.chat_template, if the model has one. */
  template: string | undefined;
  bosToken: string;
  eosToken: string;
  /** Whether encoding adds BOS / EOS: the Jinja output then loses its own leading BOS / trailing EOS. */
  addBos: boolean;
  addEos: boolean;
}

/**
 * Formats a conversation for the model. Jinja templates render with @huggingface/jinja (like llama.cpp's
 * --jinja path); a template name, a template that fails to render but is recognised, or no template at all
 * (llama.cpp then uses chatml) goes through llama.cpp's built-in formats.
 */
export function applyChatTemplate(
  context: ChatTemplateContext,
  messages: readonly ChatMessage[],
  options: ChatTemplateOptions = {},
): ChatPrompt {
  const chat =
    options.systemPrompt === undefined
      ? messages
      : [{ role: 'system', content: options.systemPrompt }, ...messages];
  const addGenerationPrompt = options.addGenerationPrompt ?? true;
  const source = options.template ?? context.template ?? 'chatml';
  const detected = detectChatTemplate(source);
  const builtin = BUILTIN_TEMPLATES.get(source);
  if (builtin) return { text: builtin(chat, addGenerationPrompt), templateName: source, renderer: 'builtin' };
  if (detected === source)
    throw new Error(`chat template '${source}' has no built-in format here; pass its Jinja source`);
  try {
    let text = new Template(source).render({
      messages: chat,
      add_generation_prompt: addGenerationPrompt,
      ...(options.tools ? { tools: options.tools } : {}),
      bos_token: context.bosToken,
      eos_token: context.eosToken,
    });
    // As llama.cpp's common_chat_templates_apply: encode() adds these, so the prompt has them once.
    if (context.addBos && context.bosToken !== '' && text.startsWith(context.bosToken)) {
      text = text.slice(context.bosToken.length);
    }
    if (context.addEos && context.eosToken !== '' && text.endsWith(context.eosToken)) {
      text = text.slice(0, -context.eosToken.length);
    }
    return { text, templateName: detected ?? 'custom', renderer: 'jinja' };
  } catch (error) {
    const fallback = detected === undefined ? undefined : BUILTIN_TEMPLATES.get(detected);
    if (detected === undefined || !fallback) throw error;
    return { text: fallback(chat, addGenerationPrompt), templateName: detected, renderer: 'builtin' };
  }
}
