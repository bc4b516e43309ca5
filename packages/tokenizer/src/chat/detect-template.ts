import { BUILTIN_TEMPLATES } from './builtin-templates.ts';

// llm_chat_detect_template (llama.cpp src/llama-chat.cpp): names a chat template from tell-tale strings in its
// Jinja source, or from the name itself.

type Rule = [name: string, test: (has: (s: string) => boolean, template: string) => boolean];

const RULES: Rule[] = [
  ['phi4', (has) => has('<|im_start|>') && has('<|im_sep|>')],
  ['smolvlm', (has) => has('<|im_start|>') && has('<end_of_utterance>')],
  ['chatml', (has) => has('<|im_start|>')],
  ['mistral-v7', (has, t) => (t.startsWith('mistral') || has('[INST]')) && has('[SYSTEM_PROMPT]')],
  [
    'mistral-v1',
    (has, t) =>
      (t.startsWith('mistral') || has('[INST]')) &&
      (has("' [INST] ' + system_message") || has('[AVAILABLE_TOOLS]')) &&
      has(' [INST]'),
  ],
  [
    'mistral-v3-tekken',
    (has, t) =>
      (t.startsWith('mistral') || has('[INST]')) &&
      (has("' [INST] ' + system_message") || has('[AVAILABLE_TOOLS]')) &&
      has('"[INST]"'),
  ],
  [
    'mistral-v3',
    (has, t) =>
      (t.startsWith('mistral') || has('[INST]')) &&
      (has("' [INST] ' + system_message") || has('[AVAILABLE_TOOLS]')),
  ],
  ['llama2-sys-strip', (has, t) => (t.startsWith('mistral') || has('[INST]')) && has('content.strip()')],
  ['llama2-sys-bos', (has, t) => (t.startsWith('mistral') || has('[INST]')) && has("bos_token + '[INST]")],
  ['llama2-sys', (has, t) => (t.startsWith('mistral') || has('[INST]')) && has('<<SYS>>')],
  ['llama2', (has, t) => t.startsWith('mistral') || has('[INST]')],
  ['phi3', (has) => has('<|assistant|>') && has('<|end|>')],
  ['chatglm4', (has) => has('[gMASK]<sop>')],
  ['exaone-moe', (has) => has('<|assistant|>') && has('<|user|>') && has('<|tool_declare|>')],
  ['falcon3', (has) => has('<|assistant|>') && has('<|user|>') && has('</s>')],
  ['glmedge', (has) => has('<|assistant|>') && has('<|user|>')],
  ['glmedge', (has) => has("<|{{ item['role'] }}|>") && has('<|begin_of_image|>')],
  ['zephyr', (has) => has('<|user|>') && has('<|endoftext|>')],
  ['monarch', (has) => has("bos_token + message['role']")],
  ['gemma', (has) => has('<start_of_turn>')],
  ['orion', (has) => has("'\\n\\nAssistant: ' + eos_token")],
  ['openchat', (has) => has('GPT4 Correct ')],
  ['vicuna-orca', (has) => has('USER: ') && has('ASSISTANT: ') && has('SYSTEM: ')],
  ['vicuna', (has) => has('USER: ') && has('ASSISTANT: ')],
  ['deepseek', (has) => has('### Instruction:') && has('<|EOT|>')],
  ['command-r', (has) => has('<|START_OF_TURN_TOKEN|>') && has('<|USER_TOKEN|>')],
  ['llama3', (has) => has('<|start_header_id|>') && has('<|end_header_id|>')],
  ['chatglm3', (has) => has('[gMASK]sop')],
  ['minicpm', (has) => has('<用户>')],
  ['deepseek2', (has) => has("'Assistant: ' + message['content'] + eos_token")],
  ['deepseek3', (has) => has('<｜Assistant｜>') && has('<｜User｜>') && has('<｜end▁of▁sentence｜>')],
  ['exaone4', (has) => has('[|system|]') && has('[|assistant|]') && has('[|endofturn|]') && has('[|tool|]')],
  ['exaone3', (has) => has('[|system|]') && has('[|assistant|]') && has('[|endofturn|]')],
  ['rwkv-world', (has) => has('rwkv-world') || has("{{- 'User: ' + message['content']|trim + '\\n\\n' -}}")],
  [
    'granite-4.0',
    (has) =>
      has('<|start_of_role|>') && (has('<tool_call>') || has('<tools>')) && has('g4_default_system_message'),
  ],
  ['granite-4.1', (has) => has('<|start_of_role|>') && (has('<tool_call>') || has('<tools>'))],
  ['granite', (has) => has('<|start_of_role|>')],
  [
    'gigachat',
    (has) =>
      has(
        "message['role'] + additional_special_tokens[0] + message['content'] + additional_special_tokens[1]",
      ),
  ],
  ['megrez', (has) => has('<|role_start|>')],
  ['yandex', (has) => has(' Ассистент:')],
  ['bailing', (has) => has('<role>ASSISTANT</role>') && has("'HUMAN'")],
  ['bailing-think', (has) => has('<role>ASSISTANT</role>') && has('"HUMAN"') && has('<think>')],
  ['bailing2', (has) => has('<role>ASSISTANT</role>') && has('<role>HUMAN</role>') && has('<|role_end|>')],
  ['llama4', (has) => has('<|header_start|>') && has('<|header_end|>')],
  ['dots1', (has) => has('<|endofuserprompt|>')],
  ['hunyuan-moe', (has) => has('<|extra_0|>') && has('<|extra_4|>')],
  ['gpt-oss', (has) => has('<|start|>') && has('<|channel|>')],
  ['hunyuan-vl', (has) => has('<｜hy_Assistant｜>') && has('<｜hy_begin▁of▁sentence｜>')],
  ['hunyuan-dense', (has) => has('<｜hy_Assistant｜>') && has('<｜hy_place▁holder▁no▁3｜>')],
  ['kimi-k2', (has) => has('<|im_assistant|>assistant<|im_middle|>')],
  ['seed_oss', (has) => has('<seed:bos>')],
  ['grok-2', (has) => has("'Assistant: '  + message['content'] + '<|separator|>")],
  ['pangu-embedded', (has) => has('[unused9]系统：[unused10]')],
  ['solar-open', (has) => has('<|begin|>') && has('<|end|>') && has('<|content|>')],
];

/** llama.cpp's name for a chat template (a template name is its own name), or undefined if unrecognised. */
export function detectChatTemplate(template: string): string | undefined {
  if (BUILTIN_TEMPLATES.has(template) || KNOWN_NAMES.has(template)) return template;
  const has = (s: string) => template.includes(s);
  return RULES.find(([, test]) => test(has, template))?.[0];
}

/** Every name llama.cpp accepts (LLM_CHAT_TEMPLATES). */
const KNOWN_NAMES = new Set([...RULES.map(([name]) => name), 'mistral-v7-tekken', 'deepseek-ocr']);
