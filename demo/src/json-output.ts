// The "JSON output" toggle: when on, every chat request carries response_format (json_schema with the schema
// box's schema, or json_object when the box is empty). The schema is checked as it is typed and again before
// a request goes out, so a schema the grammar would not enforce is reported in words and nothing is sent.
import { BadRequestError, checkJsonSchema, type LocalEngine, type ResponseFormat } from '@wgllm/embed';

const storageKey = 'wgllm.demo.json-output';

/** The format the toggle and the box ask for; throws BadRequestError for a schema that is not usable. */
function responseFormat(enabled: boolean, schemaText: string): ResponseFormat | undefined {
  if (!enabled) return undefined;
  if (!schemaText.trim()) return { type: 'json_object' };
  let schema: unknown;
  try {
    schema = JSON.parse(schemaText);
  } catch (error) {
    throw new BadRequestError(`the schema is not JSON: ${(error as Error).message}`, { param: 'schema' });
  }
  checkJsonSchema(schema, 'schema');
  return {
    type: 'json_schema',
    json_schema: { name: 'demo', schema: schema as Record<string, unknown>, strict: true },
  };
}

/**
 * Binds the toggle and the schema box (kept in localStorage) and returns `engine` with response_format added
 * to its chat requests while the toggle is on.
 */
export function withJsonOutput(engine: LocalEngine): LocalEngine {
  const toggle = document.getElementById('json-output') as HTMLInputElement;
  const box = document.getElementById('json-schema') as HTMLTextAreaElement;
  const problem = document.getElementById('json-schema-error')!;
  try {
    const saved = JSON.parse(localStorage.getItem(storageKey) ?? '{}') as {
      enabled?: boolean;
      schema?: string;
    };
    toggle.checked = saved.enabled === true;
    box.value = saved.schema ?? '';
  } catch {
    // A corrupt entry: start from the defaults.
  }
  const current = () => responseFormat(toggle.checked, box.value);
  const check = () => {
    box.disabled = !toggle.checked;
    localStorage.setItem(storageKey, JSON.stringify({ enabled: toggle.checked, schema: box.value }));
    try {
      current();
      problem.hidden = true;
    } catch (error) {
      problem.textContent = (error as Error).message;
      problem.hidden = false;
    }
  };
  toggle.addEventListener('change', check);
  box.addEventListener('input', check);
  check();

  const create = (async (params: Parameters<LocalEngine['chat']['completions']['create']>[0]) => {
    const format = current(); // throws before anything is sent: the chat shows the error
    return engine.chat.completions.create(format ? { ...params, response_format: format } : params);
  }) as LocalEngine['chat']['completions']['create'];
  const chat = { completions: { create } };
  return new Proxy(engine, {
    get: (target, key) => (key === 'chat' ? chat : Reflect.get(target, key, target)),
  });
}
