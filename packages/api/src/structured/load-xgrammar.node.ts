// Node: XGrammar's npm build is a UMD script in a "type": "module" package, so Node would run it as an ES
// module, where its Node branch (require, __filename) throws. It is compiled here as the CommonJS script it
// is, through Node's own module loader (so its `import('module')` still resolves).
import { type XGrammar, xgrammarFrom } from './xgrammar.ts';

interface CommonJsModule {
  exports: unknown;
  filename: string;
  paths: string[];
  _compile(source: string, filename: string): void;
}
interface NodeModuleApi {
  createRequire(from: string): { resolve(id: string): string };
  _nodeModulePaths(dir: string): string[];
  new (id: string): CommonJsModule;
}

// Specifiers in variables: this package is typechecked without Node's types.
const nodeImport = (specifier: string): Promise<unknown> => import(specifier);

export async function loadXGrammar(): Promise<XGrammar> {
  const { default: Module } = (await nodeImport('node:module')) as { default: NodeModuleApi };
  const { readFileSync } = (await nodeImport('node:fs')) as {
    readFileSync(path: string, encoding: 'utf8'): string;
  };
  const filename = Module.createRequire(import.meta.url).resolve('@mlc-ai/web-xgrammar');
  const module = new Module(filename);
  module.filename = filename;
  module.paths = Module._nodeModulePaths(filename.slice(0, filename.lastIndexOf('/')));
  module._compile(readFileSync(filename, 'utf8'), filename);
  return xgrammarFrom(module.exports);
}
