// Structured output for one loaded model: its vocabulary handed to XGrammar once, grammars compiled once per
// distinct text (kept in a small cache), and one matcher per request as the generate loop's TokenConstraint.
import type { CompiledGrammar, GrammarCompiler, GrammarMatcher } from '@mlc-ai/web-xgrammar';
import type { TokenConstraint } from '@wgllm/runtime';
import type { Tokenizer } from '@wgllm/tokenizer';
import { BadRequestError } from '../errors/errors.ts';
import { type GrammarSpec, grammarKey } from './grammar-spec.ts';
import { byteLevelVocab } from './grammar-vocab.ts';
import { xgrammar } from './xgrammar.ts';

/**
 * JSON layout (any whitespace, indent, separators, strict): one line, fixed separators, no free whitespace,
 * so a small model cannot pad its output forever; strict: no properties or items the schema does not name.
 */
const JSON_LAYOUT = [false, -1, [', ', ': '], true] as [boolean, number, [string, string], boolean];

/**
 * A structural tag with each JSON-schema content turned into its grammar in JSON_LAYOUT (a tag's own
 * json_schema content allows any whitespace).
 */
async function compactJsonContent(node: unknown): Promise<unknown> {
  if (Array.isArray(node)) return Promise.all(node.map(compactJsonContent));
  if (typeof node !== 'object' || node === null) return node;
  const record = node as Record<string, unknown>;
  if (record.type === 'json_schema' && 'json_schema' in record) {
    const xg = await xgrammar();
    return {
      type: 'grammar',
      grammar: await xg.Testings._jsonSchemaToEBNF(JSON.stringify(record.json_schema), ...JSON_LAYOUT),
    };
  }
  const entries = await Promise.all(
    Object.entries(record).map(async ([k, v]) => [k, await compactJsonContent(v)]),
  );
  return Object.fromEntries(entries);
}

/** Compiled grammars kept per model (least recently used dropped first). */
const CACHED_GRAMMARS = 32;

/** The request parameter a spec came from, named in the 400 when it does not compile. */
const PARAM_OF: Record<GrammarSpec['kind'], string> = {
  json_schema: 'response_format',
  gbnf: 'grammar',
  structural_tag: 'tools',
};

export class GrammarEngine {
  private compiler: Promise<GrammarCompiler> | undefined;
  private readonly compiled = new Map<string, Promise<CompiledGrammar>>();

  constructor(
    private readonly tokenizer: Tokenizer,
    /** The model's logit count (may exceed the tokenizer's table). */
    private readonly vocabSize: number,
    private readonly stopTokenIds: readonly number[],
  ) {}

  /** A constraint for one request; call `dispose()` on it when the request ends. */
  async constraint(spec: GrammarSpec): Promise<GrammarConstraint> {
    const xg = await xgrammar();
    const compiled = await this.compile(spec);
    return new GrammarConstraint(
      await xg.GrammarMatcher.createGrammarMatcher(compiled, [...this.stopTokenIds]),
    );
  }

  /** Compiles (or finds) the grammar; refuses a malformed one with BadRequestError naming its parameter. */
  compile(spec: GrammarSpec): Promise<CompiledGrammar> {
    const key = grammarKey(spec);
    let compiled = this.compiled.get(key);
    if (compiled) {
      this.compiled.delete(key); // re-inserted below: most recently used last
    } else {
      compiled = this.compileNew(spec);
      compiled.catch(() => this.compiled.delete(key));
      this.evictOldest();
    }
    this.compiled.set(key, compiled);
    return compiled;
  }

  private async compileNew(spec: GrammarSpec): Promise<CompiledGrammar> {
    const compiler = await this.grammarCompiler();
    try {
      if (spec.kind === 'json_schema') return await compiler.compileJSONSchema(spec.schema, ...JSON_LAYOUT);
      if (spec.kind === 'gbnf') return await compiler.compileGrammar(spec.grammar, 'root');
      return await compiler.compileStructuralTag(
        (await compactJsonContent(JSON.parse(spec.tag))) as Record<string, unknown>,
      );
    } catch (error) {
      // XGrammar aborts on bad input; its reason goes to the console, the exception says only "Aborted()".
      const param = PARAM_OF[spec.kind];
      throw new BadRequestError(
        `${param}: the grammar compiler rejected it (${spec.kind === 'gbnf' ? 'malformed GBNF' : 'invalid or unsupported'})`,
        { param },
        { cause: error },
      );
    }
  }

  private evictOldest(): void {
    while (this.compiled.size >= CACHED_GRAMMARS) {
      const [oldest, compiled] = this.compiled.entries().next().value!;
      this.compiled.delete(oldest);
      // Requests on a model run one at a time, so no matcher still uses an evicted grammar.
      compiled.then(
        (g) => g.dispose(),
        () => undefined,
      );
    }
  }

  private grammarCompiler(): Promise<GrammarCompiler> {
    this.compiler ??= (async () => {
      const xg = await xgrammar();
      const info = await xg.TokenizerInfo.createTokenizerInfo(
        byteLevelVocab(this.tokenizer, this.vocabSize),
        'BYTE_LEVEL',
        false,
        this.vocabSize,
        [...this.stopTokenIds],
      );
      return xg.GrammarCompiler.createGrammarCompiler(info, true);
    })();
    return this.compiler;
  }
}

/** One request's grammar state: each step's mask, advanced by each sampled token. */
export class GrammarConstraint implements TokenConstraint {
  constructor(private readonly matcher: GrammarMatcher) {}

  async fillMask(mask: Uint32Array): Promise<void> {
    const bits = await this.matcher.getNextTokenBitmask(); // (ceil(vocab / 32)) i32
    mask.set(new Uint32Array(bits.buffer, bits.byteOffset, mask.length));
  }

  accept(token: number): void {
    if (!this.matcher.acceptToken(token))
      throw new Error(`the grammar rejected token ${token}, which its mask allowed`);
  }

  dispose(): void {
    this.matcher.dispose();
  }
}
