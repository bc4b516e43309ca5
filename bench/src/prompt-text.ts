// Prompts of an exact token count for a model, tokenized by llama.cpp itself (node-llama-cpp, vocabulary only),
// so the ids our engine gets are the ones llama.cpp and wllama make from the same text.
import type { Llama, LlamaModel, Token } from 'node-llama-cpp';
import type { Prompt } from './workload.ts';

/** Story-like English: real subword tokens on the trained models, byte tokens on the synthetic vocabularies. */
const STORY =
  'Once upon a time, there was a little girl named Lily. She liked to play in the park with her red ball. ' +
  'One day, the ball rolled under a big tree and a small dog found it. The dog wagged its tail and gave the ' +
  'ball back to Lily. They became good friends and played together every day until the sun went down. ';

export interface PromptMaker {
  prompt(tokens: number): Prompt;
  dispose(): Promise<void>;
}

/** `llama`: a CPU instance (getLlama with gpu: false, build: 'never'). */
export async function promptMaker(llama: Llama, modelPath: string): Promise<PromptMaker> {
  const model: LlamaModel = await llama.loadModel({ modelPath, vocabOnly: true });
  const bos = model.tokens.bos;
  return {
    prompt(tokens) {
      const body = tokens - (bos === null ? 0 : 1);
      let text = STORY;
      while (model.tokenize(text).length < body) text += STORY;
      // Cut at a token boundary, then re-tokenize: the text is what wllama gets, the ids what it makes of it.
      text = model.detokenize(model.tokenize(text).slice(0, body));
      const ids: Token[] = model.tokenize(text).slice(0, body);
      return { text, ids: bos === null ? ids : [bos, ...ids] };
    },
    dispose: () => model.dispose(),
  };
}
