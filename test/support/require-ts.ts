// The engines are loaded lazily with require() (so a PHP-only run never loads TypeScript). Under vitest the
// sources are .ts, which Node's require cannot read: this teaches it to, by stripping the types.
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import ts from 'typescript';

type Loader = (m: { _compile(code: string, file: string): void }, file: string) => void;
const extensions = (Module as unknown as { _extensions: Record<string, Loader> })._extensions;

extensions['.ts'] ??= (m, file) => {
  const out = ts.transpileModule(readFileSync(file, 'utf8'), {
    fileName: file,
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  });
  m._compile(out.outputText, file);
};
