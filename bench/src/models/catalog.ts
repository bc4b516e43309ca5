// The models a run covers: the real fixtures, then synthetic models with real shapes in each recipe.
import { openAsBlob } from 'node:fs';
import { basename, join } from 'node:path';
import { blobSource, readGgufHeader } from '@wgllm/gguf';
import { BOS_ID, FIRST_TEXT_ID } from '@wgllm/gguf/testing';
import { type QuantRecipe, quantRecipes } from './quant-recipe.ts';
import { modelShapes } from './shapes.ts';
import { SYNTHETIC_CONTEXT, syntheticModel } from './synthetic-gguf.ts';

export interface BenchModel {
  id: string;
  /** Where the numbers come from: a trained fixture or random weights in a real shape. */
  kind: 'fixture' | 'synthetic';
  path: string;
  contextLength: number;
  vocabSize: number;
  bos: number;
  /** Prompts draw ids from here to the end of the vocabulary (no control or byte tokens). */
  firstTextId: number;
  /** Decode tokens for this model when it has a target of its own (stories260K: 200, the target). */
  decodeTokens?: number;
}

const fixtures: readonly { file: string; decodeTokens?: number }[] = [
  { file: 'stories260K.gguf', decodeTokens: 200 },
  { file: 'TinyStories-656K.f16.gguf' },
  { file: 'TinyStories-656K-Q8_0.gguf' },
  { file: 'TinyStories-656K-Q2_K.gguf' },
];

const NORMAL_TOKEN = 1;

async function fixtureModel(dir: string, file: string, decodeTokens?: number): Promise<BenchModel> {
  const path = join(dir, file);
  const { metadata } = await readGgufHeader(blobSource(await openAsBlob(path)));
  const arch = String(metadata.get('general.architecture'));
  const tokens = metadata.get('tokenizer.ggml.tokens') as string[];
  const types = metadata.get('tokenizer.ggml.token_type') as ArrayLike<number> | undefined;
  // The leading run of control/byte tokens (SPM: <unk> <s> </s> <0x00>..<0xFF>).
  let firstTextId = 0;
  while (types && firstTextId < tokens.length && types[firstTextId] !== NORMAL_TOKEN) firstTextId++;
  return {
    id: basename(file, '.gguf'),
    kind: 'fixture',
    path,
    contextLength: Number(metadata.get(`${arch}.context_length`)),
    vocabSize: tokens.length,
    bos: Number(metadata.get('tokenizer.ggml.bos_token_id') ?? 1),
    firstTextId,
    ...(decodeTokens === undefined ? {} : { decodeTokens }),
  };
}

export interface CatalogOptions {
  fixturesDir: string;
  cacheDir: string;
  /** Layers kept in the synthetic models (undefined: the real count). */
  layers?: number;
  /** Keep only models whose id contains one of these. */
  only?: string[];
  recipes?: readonly QuantRecipe[];
}

export async function benchModels(options: CatalogOptions): Promise<BenchModel[]> {
  const wanted = (id: string) => !options.only || options.only.some((part) => id.includes(part));
  const models: BenchModel[] = [];
  for (const { file, decodeTokens } of fixtures) {
    if (wanted(basename(file, '.gguf')))
      models.push(await fixtureModel(options.fixturesDir, file, decodeTokens));
  }
  for (const shape of modelShapes) {
    const layers = Math.min(options.layers ?? shape.layers, shape.layers);
    for (const recipe of options.recipes ?? quantRecipes) {
      const id = `${shape.id}-${recipe}-${layers}L`;
      if (!wanted(id)) continue;
      models.push({
        id,
        kind: 'synthetic',
        path: await syntheticModel(options.cacheDir, shape, recipe, layers),
        contextLength: SYNTHETIC_CONTEXT,
        vocabSize: shape.vocab,
        bos: BOS_ID,
        firstTextId: FIRST_TEXT_ID,
      });
    }
  }
  return models;
}
