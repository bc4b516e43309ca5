// llama.cpp's hard-coded chat formats (llm_chat_apply_template in src/llama-chat.cpp), used when a model has no
// Jinja template (chatml) or when one is asked for by name. Only the more common ones are ported.

export interface ChatMessage {
  role: string;
  content: string;
  /** Other fields reach Jinja templates as they are (an assistant's tool_calls, a tool's tool_call_id). */
  [field: string]: unknown;
}

type Format = (messages: readonly ChatMessage[], addAssistant: boolean) => string;

/** C isspace trim, as llama-chat.cpp's trim(). */
const trim = (s: string) => s.replace(/^[ \t\n\v\f\r]+|[ \t\n\v\f\r]+$/g, '');

const chatml: Format = (messages, add) =>
  messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join('') +
  (add ? '<|im_start|>assistant\n' : '');

function mistralV7(trailing: string): Format {
  return (messages) =>
    messages
      .map((m) =>
        m.role === 'system'
          ? `[SYSTEM_PROMPT]${trailing}${m.content}[/SYSTEM_PROMPT]`
          : m.role === 'user'
            ? `[INST]${trailing}${m.content}[/INST]`
            : `${trailing}${m.content}</s>`,
      )
      .join('');
}

function mistral(leading: string, trailing: string, trimAssistant: boolean): Format {
  return (messages) => {
    let out = '';
    let insideTurn = false;
    for (const m of messages) {
      if (!insideTurn) {
        out += `${leading}[INST]${trailing}`;
        insideTurn = true;
      }
      if (m.role === 'system') out += `${m.content}\n\n`;
      else if (m.role === 'user') out += `${m.content}${leading}[/INST]`;
      else {
        out += `${trailing}${trimAssistant ? trim(m.content) : m.content}</s>`;
        insideTurn = false;
      }
    }
    return out;
  };
}

function llama2(system: boolean, bosInsideHistory: boolean, strip: boolean): Format {
  return (messages) => {
    let out = '[INST] ';
    let insideTurn = true;
    for (const m of messages) {
      const content = strip ? trim(m.content) : m.content;
      if (!insideTurn) {
        insideTurn = true;
        out += bosInsideHistory ? '<s>[INST] ' : '[INST] ';
      }
      if (m.role === 'system') out += system ? `<<SYS>>\n${content}\n<</SYS>>\n\n` : `${content}\n`;
      else if (m.role === 'user') out += `${content} [/INST]`;
      else {
        out += `${content}</s>`;
        insideTurn = false;
      }
    }
    return out;
  };
}

/** Each message as prefix(role) + content + suffix, then the assistant prefix. */
function simple(turn: (m: ChatMessage) => string, assistant: string): Format {
  return (messages, add) => messages.map(turn).join('') + (add ? assistant : '');
}

const gemma: Format = (messages, add) => {
  let out = '';
  let system = '';
  for (const m of messages) {
    if (m.role === 'system') {
      system += trim(m.content);
      continue;
    }
    const role = m.role === 'assistant' ? 'model' : m.role;
    out += `<start_of_turn>${role}\n`;
    if (system !== '' && role !== 'model') {
      out += `${system}\n\n`;
      system = '';
    }
    out += `${trim(m.content)}<end_of_turn>\n`;
  }
  return out + (add ? '<start_of_turn>model\n' : '');
};

function vicuna(orca: boolean): Format {
  return (messages, add) =>
    messages
      .map((m) =>
        m.role === 'system'
          ? orca
            ? `SYSTEM: ${m.content}\n`
            : `${m.content}\n\n`
          : m.role === 'user'
            ? `USER: ${m.content}\n`
            : m.role === 'assistant'
              ? `ASSISTANT: ${m.content}</s>\n`
              : '',
      )
      .join('') + (add ? 'ASSISTANT:' : '');
}

const byRole = (forRole: Record<string, (content: string) => string>) => (m: ChatMessage) =>
  forRole[m.role]?.(m.content) ?? '';

export const BUILTIN_TEMPLATES: ReadonlyMap<string, Format> = new Map<string, Format>([
  ['chatml', chatml],
  ['llama2', llama2(false, false, false)],
  ['llama2-sys', llama2(true, false, false)],
  ['llama2-sys-bos', llama2(true, true, false)],
  ['llama2-sys-strip', llama2(true, false, true)],
  ['mistral-v1', mistral(' ', ' ', false)],
  ['mistral-v3', mistral('', ' ', true)],
  ['mistral-v3-tekken', mistral('', '', false)],
  ['mistral-v7', mistralV7(' ')],
  ['mistral-v7-tekken', mistralV7('')],
  ['phi3', simple((m) => `<|${m.role}|>\n${m.content}<|end|>\n`, '<|assistant|>\n')],
  [
    'phi4',
    simple((m) => `<|im_start|>${m.role}<|im_sep|>${m.content}<|im_end|>`, '<|im_start|>assistant<|im_sep|>'),
  ],
  ['falcon3', simple((m) => `<|${m.role}|>\n${m.content}\n`, '<|assistant|>\n')],
  ['zephyr', simple((m) => `<|${m.role}|>\n${m.content}<|endoftext|>\n`, '<|assistant|>\n')],
  [
    'monarch',
    (messages, add) =>
      messages.map((m, i) => `${i === 0 ? '' : '<s>'}${m.role}\n${m.content}</s>\n`).join('') +
      (add ? '<s>assistant\n' : ''),
  ],
  ['gemma', gemma],
  [
    'openchat',
    simple(
      (m) =>
        m.role === 'system'
          ? `${m.content}<|end_of_turn|>`
          : `GPT4 Correct ${m.role.charAt(0).toUpperCase()}${m.role.slice(1)}: ${m.content}<|end_of_turn|>`,
      'GPT4 Correct Assistant:',
    ),
  ],
  ['vicuna', vicuna(false)],
  ['vicuna-orca', vicuna(true)],
  [
    'deepseek',
    simple(
      byRole({
        system: (c) => c,
        user: (c) => `### Instruction:\n${c}\n`,
        assistant: (c) => `### Response:\n${c}\n<|EOT|>\n`,
      }),
      '### Response:\n',
    ),
  ],
  [
    'command-r',
    simple(
      byRole({
        system: (c) => `<|START_OF_TURN_TOKEN|><|SYSTEM_TOKEN|>${trim(c)}<|END_OF_TURN_TOKEN|>`,
        user: (c) => `<|START_OF_TURN_TOKEN|><|USER_TOKEN|>${trim(c)}<|END_OF_TURN_TOKEN|>`,
        assistant: (c) => `<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>${trim(c)}<|END_OF_TURN_TOKEN|>`,
      }),
      '<|START_OF_TURN_TOKEN|><|CHATBOT_TOKEN|>',
    ),
  ],
  [
    'llama3',
    simple(
      (m) => `<|start_header_id|>${m.role}<|end_header_id|>\n\n${trim(m.content)}<|eot_id|>`,
      '<|start_header_id|>assistant<|end_header_id|>\n\n',
    ),
  ],
  [
    'deepseek2',
    simple(
      byRole({
        system: (c) => `${c}\n\n`,
        user: (c) => `User: ${c}\n\n`,
        assistant: (c) => `Assistant: ${c}<｜end▁of▁sentence｜>`,
      }),
      'Assistant:',
    ),
  ],
  [
    'deepseek3',
    simple(
      byRole({
        system: (c) => `${c}\n\n`,
        user: (c) => `<｜User｜>${c}`,
        assistant: (c) => `<｜Assistant｜>${c}<｜end▁of▁sentence｜>`,
      }),
      '<｜Assistant｜>',
    ),
  ],
]);
