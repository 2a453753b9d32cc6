// Module hooks that let a worker thread run the API's TypeScript source, as the test runner
// does for everything else. Registered only when a worker starts from a .ts file (tests); the
// built app runs compiled JavaScript and never loads this file, nor TypeScript.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const CONTRACTS = new URL('../../../../../libs/contracts/src/index.ts', import.meta.url).href;

const COMPILER_OPTIONS = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  useDefineForClassFields: false,
  sourceMap: false,
};

export function resolve(specifier, context, nextResolve) {
  if (specifier === '@collection-desk/contracts') return { url: CONTRACTS, shortCircuit: true };
  if (
    specifier.startsWith('.') &&
    specifier.endsWith('.js') &&
    context.parentURL?.endsWith('.ts')
  ) {
    const source = new URL(specifier.replace(/\.js$/, '.ts'), context.parentURL);
    if (existsSync(fileURLToPath(source))) return { url: source.href, shortCircuit: true };
  }
  return nextResolve(specifier, context);
}

export function load(url, context, nextLoad) {
  if (!url.endsWith('.ts')) return nextLoad(url, context);
  const fileName = fileURLToPath(url);
  const { outputText } = ts.transpileModule(readFileSync(fileName, 'utf8'), {
    compilerOptions: COMPILER_OPTIONS,
    fileName,
  });
  return { format: 'module', source: outputText, shortCircuit: true };
}
